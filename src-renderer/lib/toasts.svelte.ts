import { describeError } from './api';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export const toasts = $state<Toast[]>([]);
let next = 1;

export function notify(text: string, kind: Toast['kind'] = 'info'): void {
  const id = next++;
  toasts.push({ id, kind, text });
  setTimeout(() => dismiss(id), kind === 'error' ? 10_000 : 4_000);
}

export function notifyError(err: unknown): void {
  notify(describeError(err), 'error');
}

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}
