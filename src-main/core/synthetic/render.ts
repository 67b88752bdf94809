import { objectBox, type VideoPlan } from './scene-plan';

export interface RenderedFrame {
  /** RGB, row-major, size×size×3. */
  rgb: Uint8Array;
  /** Class index of the SOUNDING object visible at each pixel, 0 elsewhere (the AVSS semantic GT). */
  label: Uint8Array;
}

function inside(shape: 'rect' | 'ellipse', px: number, py: number, b: { x: number; y: number; w: number; h: number }): boolean {
  if (px < b.x || py < b.y || px >= b.x + b.w || py >= b.y + b.h) return false;
  if (shape === 'rect') return true;
  const dx = (px + 0.5 - (b.x + b.w / 2)) / (b.w / 2);
  const dy = (py + 0.5 - (b.y + b.h / 2)) / (b.h / 2);
  return dx * dx + dy * dy <= 1;
}

/**
 * Draws frame t: a static textured background (so the flow of a still camera is zero there) and the objects with
 * their own texture moving with them (so optical flow can see their motion). Occluded parts of a sounding object are
 * not in the GT, as in AVSBench's annotations of the visible sounding pixels.
 */
export function renderFrame(plan: VideoPlan, t: number, size: number): RenderedFrame {
  const rgb = new Uint8Array(size * size * 3);
  const label = new Uint8Array(size * size);
  const bp = plan.backgroundPhase;
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i += 3) {
      const v = 0.5 + 0.25 * Math.sin(x * 0.21 + bp) * Math.cos(y * 0.17 - bp) + 0.15 * Math.sin((x + 2 * y) * 0.05);
      rgb[i] = 60 + 120 * v;
      rgb[i + 1] = 70 + 110 * v;
      rgb[i + 2] = 50 + 100 * (1 - v);
    }
  }
  for (const o of plan.objects) {
    const b = objectBox(o, t, size);
    const x0 = Math.max(0, Math.floor(b.x));
    const y0 = Math.max(0, Math.floor(b.y));
    for (let y = y0; y < Math.min(size, b.y + b.h); y++) {
      for (let x = x0; x < Math.min(size, b.x + b.w); x++) {
        if (!inside(o.shape, x, y, b)) continue;
        // Texture in object coordinates: it travels with the object.
        const u = x - b.x;
        const w = y - b.y;
        const s = 0.75 + 0.25 * Math.sin(u * 0.6 + o.phase) * Math.sin(w * 0.45 - o.phase);
        const p = y * size + x;
        rgb[3 * p] = o.colour[0] * s;
        rgb[3 * p + 1] = o.colour[1] * s;
        rgb[3 * p + 2] = o.colour[2] * s;
        label[p] = o.sounding ? o.classIndex : 0;
      }
    }
  }
  return { rgb, label };
}
