import type { LayerKind } from './layers';

/** One decoded layer image: the first channel of each pixel is the layer's value (index, level or probability). */
export interface Pixels {
  width: number;
  height: number;
  /** RGBA as the browser decoded it. */
  rgba: Uint8ClampedArray;
}

export const hexToRgb = (hex: string): [number, number, number] => {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

/**
 * Turns a layer's pixels into an RGBA overlay (alpha 0 where there is nothing to show). Opacity is applied by the
 * layer node, not here, so moving the slider costs no recolouring.
 * - binary: value > 0 → colour
 * - pre: 255 → colour, 128 → grey, 0 → nothing (Eq. 2's three levels)
 * - semantic: index k > 0 → palette[k] (a binary GT, values 255 or 1, uses the colour)
 * - rgb: the image itself (flow colour wheel)
 * - heat: probability 0..255 → transparent-to-colour ramp
 * - threshold: probability ≥ 128 (p > 0.5, the metrics' binarisation) → colour
 * - error: needs `gt`; predicted ≥ 128 and not GT → red (FP), GT and not predicted → blue (FN)
 * - classError: needs `gt`; class indices compared per pixel: class on background → red, GT object predicted as
 *   background → blue, GT object predicted as another class → orange; GT 255 (ignored by the metrics) → nothing
 */
export function colourise(kind: LayerKind, px: Pixels, colour: string, palette: [number, number, number][], gt?: Pixels | null): Uint8ClampedArray {
  const out = new Uint8ClampedArray(px.width * px.height * 4);
  const [cr, cg, cb] = hexToRgb(colour);
  const src = px.rgba;
  const set = (o: number, r: number, g: number, b: number, a: number) => {
    out[o] = r;
    out[o + 1] = g;
    out[o + 2] = b;
    out[o + 3] = a;
  };
  const semanticIsBinary = kind === 'semantic' && isBinary(src);
  for (let o = 0; o < out.length; o += 4) {
    const v = src[o];
    switch (kind) {
      case 'binary':
        if (v > 0) set(o, cr, cg, cb, 255);
        break;
      case 'pre':
        if (v >= 192) set(o, cr, cg, cb, 255);
        else if (v >= 64) set(o, 160, 160, 160, 255);
        break;
      case 'semantic':
        if (v > 0) {
          const p = semanticIsBinary ? undefined : palette[v];
          if (p) set(o, p[0], p[1], p[2], 255);
          else set(o, cr, cg, cb, 255);
        }
        break;
      case 'rgb':
        set(o, src[o], src[o + 1], src[o + 2], 255);
        break;
      case 'heat':
        if (v > 0) set(o, cr, cg, cb, v);
        break;
      case 'threshold':
        if (v >= 128) set(o, cr, cg, cb, 255);
        break;
      case 'error': {
        const g = gt ? gt.rgba[o] > 0 : false;
        const p = v >= 128;
        if (p && !g) set(o, 255, 40, 40, 255);
        else if (g && !p) set(o, 40, 110, 255, 255);
        break;
      }
      case 'classError': {
        const g = gt ? gt.rgba[o] : 0;
        if (g === 255 || v === g) break;
        if (g === 0) set(o, 255, 40, 40, 255);
        else if (v === 0) set(o, 40, 110, 255, 255);
        else set(o, 255, 160, 0, 255);
        break;
      }
    }
  }
  return out;
}

/** A label image whose only values are 0 and one other value is a binary mask (S4/MS3, or 0/255 exports). */
function isBinary(src: Uint8ClampedArray): boolean {
  let other = -1;
  for (let o = 0; o < src.length; o += 4) {
    const v = src[o];
    if (v === 0) continue;
    if (other === -1) other = v;
    else if (v !== other) return false;
  }
  return other === 255;
}

/** The value a hover readout shows for a layer at pixel (x, y); the error layer classifies against `gt`. */
export function describePixel(kind: LayerKind, px: Pixels, x: number, y: number, classes: string[], gt?: Pixels | null): string {
  const o = (y * px.width + x) * 4;
  const v = px.rgba[o];
  switch (kind) {
    case 'semantic':
      return v === 0 ? '0 (background)' : `${v} (${classes[v] ?? (v === 255 ? 'object' : '?')})`;
    case 'pre':
      return v >= 192 ? '1' : v >= 64 ? '0.5' : '0';
    case 'binary':
      return v > 0 ? '1' : '0';
    case 'heat':
      return (v / 255).toFixed(2);
    case 'threshold':
      return v >= 128 ? '1' : '0';
    case 'rgb':
      return `rgb(${px.rgba[o]}, ${px.rgba[o + 1]}, ${px.rgba[o + 2]})`;
    case 'error': {
      // The same rule the overlay colours with: predicted ≥ 128, GT > 0.
      const p = v >= 128;
      if (!gt) return p ? 'predicted (no GT)' : 'not predicted (no GT)';
      const g = gt.rgba[o] > 0;
      return p ? (g ? 'TP' : 'FP') : g ? 'FN' : 'TN';
    }
    case 'classError': {
      // The same rule the overlay colours with, naming the classes involved.
      const name = (k: number) => (k === 0 ? 'background' : (classes[k] ?? String(k)));
      if (!gt) return `${name(v)} (no GT)`;
      const g = gt.rgba[o];
      if (g === 255) return 'ignored (GT 255)';
      if (v === g) return `correct (${name(v)})`;
      if (g === 0) return `FP: ${name(v)} on background`;
      if (v === 0) return `FN: ${name(g)} missed`;
      return `wrong class: ${name(v)}, GT ${name(g)}`;
    }
  }
}
