import sharp from 'sharp';
import { writeFileAtomic } from '../fs/atomic';

/** Per-frame prediction planes at the model's size: probability ×255 (binary) or argmax class index (semantic). */
export function predictionPlanes(out: { foreground: Float32Array; maskScores: Float32Array }, t: number, k: number, h: number, w: number, task: 'avs-binary' | 'avss-semantic'): Uint8Array[] {
  const plane = h * w;
  return Array.from({ length: t }, (_, f) => {
    const px = new Uint8Array(plane);
    if (task === 'avs-binary') {
      for (let i = 0; i < plane; i++) px[i] = Math.round(Math.min(1, Math.max(0, out.foreground[f * plane + i])) * 255);
      return px;
    }
    const base = f * k * plane;
    for (let i = 0; i < plane; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (out.maskScores[base + c * plane + i] > out.maskScores[base + best * plane + i]) best = c;
      px[i] = best;
    }
    return px;
  });
}

/** Writes one plane as an 8-bit grey PNG at the frame's own size (bilinear for probabilities, nearest for indices). */
export async function writePlanePng(file: string, px: Uint8Array, w: number, h: number, size: { width: number; height: number }, indices: boolean): Promise<void> {
  const png = await sharp(Buffer.from(px), { raw: { width: w, height: h, channels: 1 } })
    .resize(size.width, size.height, { fit: 'fill', kernel: indices ? 'nearest' : 'linear' })
    .toColourspace('b-w')
    .png()
    .toBuffer();
  writeFileAtomic(file, png);
}
