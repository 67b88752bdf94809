/**
 * Pure editing operations on a label mask (one byte per pixel: class index, or 0/255 for binary GT).
 * Every op writes `value` in place and returns how many pixels it changed.
 */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

export type Point = { x: number; y: number };

export function stampDisk(m: Mask, cx: number, cy: number, radius: number, value: number): number {
  let changed = 0;
  const r2 = radius * radius;
  const x0 = Math.max(0, Math.floor(cx - radius));
  const x1 = Math.min(m.width - 1, Math.ceil(cx + radius));
  const y0 = Math.max(0, Math.floor(cy - radius));
  const y1 = Math.min(m.height - 1, Math.ceil(cy + radius));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      if (dx * dx + dy * dy > r2) continue;
      const i = y * m.width + x;
      if (m.data[i] !== value) {
        m.data[i] = value;
        changed++;
      }
    }
  }
  return changed;
}

/** A brush (or eraser, value 0) stroke: disks along each segment, spaced so the stroke has no gaps. */
export function stroke(m: Mask, points: Point[], radius: number, value: number): number {
  let changed = 0;
  const step = Math.max(0.5, radius / 2);
  points.forEach((p, k) => {
    const prev = points[k - 1] ?? p;
    const n = Math.max(1, Math.ceil(Math.hypot(p.x - prev.x, p.y - prev.y) / step));
    for (let s = k === 0 ? 0 : 1; s <= n; s++) changed += stampDisk(m, prev.x + ((p.x - prev.x) * s) / n, prev.y + ((p.y - prev.y) * s) / n, radius, value);
  });
  return changed;
}

/** Fills a polygon (even-odd rule, pixel centres) by scanlines. */
export function fillPolygon(m: Mask, pts: Point[], value: number): number {
  if (pts.length < 3) return 0;
  let changed = 0;
  for (let y = 0; y < m.height; y++) {
    const cy = y + 0.5;
    const xs: number[] = [];
    for (let k = 0; k < pts.length; k++) {
      const a = pts[k];
      const b = pts[(k + 1) % pts.length];
      if ((a.y <= cy && b.y > cy) || (b.y <= cy && a.y > cy)) xs.push(a.x + ((cy - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Pixels whose centre lies in [xs[k], xs[k+1]).
      const from = Math.max(0, Math.ceil(xs[k] - 0.5));
      const to = Math.min(m.width - 1, Math.ceil(xs[k + 1] - 0.5) - 1);
      for (let x = from; x <= to; x++) {
        const i = y * m.width + x;
        if (m.data[i] !== value) {
          m.data[i] = value;
          changed++;
        }
      }
    }
  }
  return changed;
}

/** Bucket fill: the 4-connected region of (x, y)'s value becomes `value`. */
export function floodFill(m: Mask, x: number, y: number, value: number): number {
  if (x < 0 || y < 0 || x >= m.width || y >= m.height) return 0;
  const start = y * m.width + x;
  const target = m.data[start];
  if (target === value) return 0;
  const stack = [start];
  let changed = 0;
  while (stack.length) {
    const i = stack.pop()!;
    if (m.data[i] !== target) continue;
    m.data[i] = value;
    changed++;
    const px = i % m.width;
    if (px > 0) stack.push(i - 1);
    if (px < m.width - 1) stack.push(i + 1);
    if (i >= m.width) stack.push(i - m.width);
    if (i < m.data.length - m.width) stack.push(i + m.width);
  }
  return changed;
}
