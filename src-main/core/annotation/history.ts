/** The pixels one edit changed, with their values before and after: enough to undo and redo it. */
export interface Patch {
  indices: Uint32Array;
  before: Uint8Array;
  after: Uint8Array;
}

export function diffPatch(before: Uint8Array, after: Uint8Array): Patch | null {
  const idx: number[] = [];
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) idx.push(i);
  if (idx.length === 0) return null;
  const indices = Uint32Array.from(idx);
  return { indices, before: Uint8Array.from(indices, (i) => before[i]), after: Uint8Array.from(indices, (i) => after[i]) };
}

function applyValues(data: Uint8Array, p: Patch, values: Uint8Array): void {
  for (let k = 0; k < p.indices.length; k++) data[p.indices[k]] = values[k];
}

/** Undo/redo over patches of one mask; a new edit after undos drops the redo branch. */
export class EditHistory {
  private done: Patch[] = [];
  private undone: Patch[] = [];

  constructor(private readonly limit = 200) {}

  record(p: Patch | null): void {
    if (!p) return;
    this.done.push(p);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  undo(data: Uint8Array): boolean {
    const p = this.done.pop();
    if (!p) return false;
    applyValues(data, p, p.before);
    this.undone.push(p);
    return true;
  }

  redo(data: Uint8Array): boolean {
    const p = this.undone.pop();
    if (!p) return false;
    applyValues(data, p, p.after);
    this.done.push(p);
    return true;
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }
}
