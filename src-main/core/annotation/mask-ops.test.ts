import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fillPolygon, floodFill, stroke, type Mask, type Point } from './mask-ops';
import { diffPatch, EditHistory } from './history';
import { decodeRle, encodeRle } from './rle';

const blank = (w: number, h: number, fill = 0): Mask => ({ width: w, height: h, data: new Uint8Array(w * h).fill(fill) });
const point = (w: number, h: number) => fc.record({ x: fc.double({ min: 0, max: w, noNaN: true }), y: fc.double({ min: 0, max: h, noNaN: true }) });

/** Straightforward even-odd point-in-polygon, the reference for the scanline fill. */
function inside(pts: Point[], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    if (pts[i].y > y !== pts[j].y > y && x < ((pts[j].x - pts[i].x) * (y - pts[i].y)) / (pts[j].y - pts[i].y) + pts[i].x) c = !c;
  }
  return c;
}

describe('mask editing', () => {
  it('a brush stroke then the eraser along the same path restores an empty mask', () => {
    fc.assert(
      fc.property(fc.array(point(48, 40), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 6 }), (pts, r) => {
        const m = blank(48, 40);
        const painted = stroke(m, pts, r, 7);
        expect(painted).toBeGreaterThan(0);
        expect(m.data.filter((v) => v === 7).length).toBe(painted);
        stroke(m, pts, r, 0);
        expect(m.data.every((v) => v === 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a stroke covers every point within the radius of its path (no gaps between samples)', () => {
    const m = blank(64, 64);
    stroke(m, [{ x: 5, y: 5 }, { x: 60, y: 50 }], 3, 1);
    for (let s = 0; s <= 100; s++) {
      const x = 5 + (55 * s) / 100;
      const y = 5 + (45 * s) / 100;
      expect(m.data[Math.floor(y) * 64 + Math.floor(x)]).toBe(1);
    }
  });

  it('polygon fill equals a point-in-polygon test at every pixel centre', () => {
    fc.assert(
      fc.property(fc.array(point(40, 30), { minLength: 3, maxLength: 7 }), (pts) => {
        const m = blank(40, 30);
        fillPolygon(m, pts, 3);
        const reference = Uint8Array.from({ length: 40 * 30 }, (_, i) => (inside(pts, (i % 40) + 0.5, Math.floor(i / 40) + 0.5) ? 3 : 0));
        expect(m.data).toEqual(reference);
      }),
      { numRuns: 150 },
    );
  });

  it('flood fill stays inside its 4-connected region', () => {
    const m = blank(10, 10);
    // A closed ring of 1s around (2..6, 2..6); filling inside must not leak.
    for (let k = 2; k <= 6; k++) for (const [x, y] of [[k, 2], [k, 6], [2, k], [6, k]]) m.data[y * 10 + x] = 1;
    expect(floodFill(m, 4, 4, 5)).toBe(9);
    expect(m.data.filter((v) => v === 5).length).toBe(9);
    expect(floodFill(m, 0, 0, 5)).toBe(100 - 16 - 9);
    expect(floodFill(m, 0, 0, 5)).toBe(0);
  });

  it('undo and redo replay edits exactly, and a new edit clears the redo branch', () => {
    const m = blank(20, 20);
    const h = new EditHistory();
    const snapshots = [m.data.slice()];
    for (const [x, v] of [[3, 1], [8, 2], [12, 3]] as const) {
      const before = m.data.slice();
      stroke(m, [{ x, y: 10 }], 3, v);
      h.record(diffPatch(before, m.data));
      snapshots.push(m.data.slice());
    }
    expect(h.undo(m.data)).toBe(true);
    expect(m.data).toEqual(snapshots[2]);
    expect(h.undo(m.data)).toBe(true);
    expect(m.data).toEqual(snapshots[1]);
    expect(h.redo(m.data)).toBe(true);
    expect(m.data).toEqual(snapshots[2]);
    const before = m.data.slice();
    floodFill(m, 0, 0, 9);
    h.record(diffPatch(before, m.data));
    expect(h.canRedo).toBe(false);
    while (h.undo(m.data));
    expect(m.data).toEqual(snapshots[0]);
  });

  it('RLE round-trips any mask and rejects malformed or short input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (d) => {
        expect(decodeRle(encodeRle(d), d.length)).toEqual(d);
      }),
      { numRuns: 300 },
    );
    expect(() => decodeRle('1:5', 6)).toThrow(/5 of 6/);
    expect(() => decodeRle('300:6', 6)).toThrow(/bad run/);
    expect(() => decodeRle('1:4,x', 6)).toThrow(/bad run/);
    expect(() => decodeRle('1:7', 6)).toThrow(/more than 6/);
  });
});
