import type { MethodInput, MethodName, MethodOutput } from './contract';
import type { ApiResponse } from './errors';
import type { AppEvent } from './events';

/**
 * What the renderer sees as `window.api`, whichever host provides it.
 * `invoke` returns the raw response; the renderer's lib/api.ts turns errors into exceptions.
 */
export interface RendererBridge {
  invoke(method: string, payload: unknown): Promise<ApiResponse<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** URL for a media route (frames, masks, audio) that the <img>/<audio>/canvas can load. */
  mediaUrl(route: string, params: Record<string, string | number>): string;
  host: 'electron' | 'web';
}

export type TypedCall = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;
