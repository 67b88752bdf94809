import { EditHistory, diffPatch } from '../../src-main/core/annotation/history';
import { fillPolygon, floodFill, stroke, type Mask, type Point } from '../../src-main/core/annotation/mask-ops';
import { decodeRle, encodeRle } from '../../src-main/core/annotation/rle';
import type { Pixels } from './colourise';

export type Tool = 'brush' | 'eraser' | 'polygon' | 'fill';

/**
 * The GT masks being corrected in the viewer: one working mask per frame (from the saved correction, else the
 * dataset's label), its undo history, and which frames still have to be saved.
 */
export class Annotator {
  private readonly masks = new Map<number, Mask>();
  private readonly histories = new Map<number, EditHistory>();
  private readonly dirty = new Set<number>();
  private strokeBefore: Uint8Array | null = null;
  private strokePoints: Point[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  has(t: number): boolean {
    return this.masks.has(t);
  }

  /** Starts frame t from its saved correction, or from the dataset label's pixels (first channel), or empty. */
  load(t: number, saved: { rle: string; width: number; height: number } | null, label: Pixels | null): void {
    let data: Uint8Array;
    if (saved && saved.width === this.width && saved.height === this.height) data = decodeRle(saved.rle, this.width * this.height);
    else if (label && label.width === this.width && label.height === this.height) data = Uint8Array.from({ length: this.width * this.height }, (_, i) => label.rgba[4 * i]);
    else data = new Uint8Array(this.width * this.height);
    this.masks.set(t, { width: this.width, height: this.height, data });
  }

  private mask(t: number): Mask {
    const m = this.masks.get(t);
    if (!m) throw new Error(`frame ${t} is not loaded`);
    return m;
  }

  private history(t: number): EditHistory {
    let h = this.histories.get(t);
    if (!h) this.histories.set(t, (h = new EditHistory()));
    return h;
  }

  private commit(t: number, before: Uint8Array): boolean {
    const patch = diffPatch(before, this.mask(t).data);
    this.history(t).record(patch);
    if (patch) this.dirty.add(t);
    return patch !== null;
  }

  beginStroke(t: number, p: Point, tool: 'brush' | 'eraser', radius: number, value: number): void {
    this.strokeBefore = this.mask(t).data.slice();
    this.strokePoints = [p];
    stroke(this.mask(t), [p], radius, tool === 'eraser' ? 0 : value);
  }

  /** Extends the stroke to p; returns whether pixels changed (so the overlay needs redrawing). */
  continueStroke(t: number, p: Point, tool: 'brush' | 'eraser', radius: number, value: number): boolean {
    if (!this.strokeBefore) return false;
    const last = this.strokePoints[this.strokePoints.length - 1];
    this.strokePoints.push(p);
    return stroke(this.mask(t), [last, p], radius, tool === 'eraser' ? 0 : value) > 0;
  }

  endStroke(t: number): boolean {
    if (!this.strokeBefore) return false;
    const changed = this.commit(t, this.strokeBefore);
    this.strokeBefore = null;
    this.strokePoints = [];
    return changed;
  }

  polygon(t: number, pts: Point[], value: number): boolean {
    const before = this.mask(t).data.slice();
    fillPolygon(this.mask(t), pts, value);
    return this.commit(t, before);
  }

  fill(t: number, p: Point, value: number): boolean {
    const before = this.mask(t).data.slice();
    floodFill(this.mask(t), Math.floor(p.x), Math.floor(p.y), value);
    return this.commit(t, before);
  }

  /** Replaces frame t's mask with frame `from`'s (objects move little between 1 fps frames). */
  copyFrom(t: number, from: number): boolean {
    if (!this.masks.has(from)) return false;
    const before = this.mask(t).data.slice();
    this.mask(t).data.set(this.mask(from).data);
    return this.commit(t, before);
  }

  undo(t: number): boolean {
    const ok = this.history(t).undo(this.mask(t).data);
    if (ok) this.dirty.add(t);
    return ok;
  }

  redo(t: number): boolean {
    const ok = this.history(t).redo(this.mask(t).data);
    if (ok) this.dirty.add(t);
    return ok;
  }

  /** Frames edited since the last save, as RLE payloads; clears the dirty set. */
  takeDirty(): { t: number; rle: string }[] {
    const out = [...this.dirty].map((t) => ({ t, rle: encodeRle(this.mask(t).data) }));
    this.dirty.clear();
    return out;
  }

  markDirty(t: number): void {
    this.dirty.add(t);
  }

  /** The working mask as decoded-image pixels, so colouring and hover treat it like any label. */
  pixels(t: number): Pixels {
    const d = this.mask(t).data;
    const rgba = new Uint8ClampedArray(d.length * 4);
    for (let i = 0; i < d.length; i++) {
      rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = d[i];
      rgba[4 * i + 3] = 255;
    }
    return { width: this.width, height: this.height, rgba };
  }
}
