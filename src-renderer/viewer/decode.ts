import type { Pixels } from './colourise';

/**
 * Fetches and decodes an image to RGBA pixels without colour management (mask values must stay exact).
 * Resolves null for a 404/422 (the layer has nothing for this frame: no label, no prediction), rejects otherwise.
 */
export async function loadPixels(url: string, signal?: AbortSignal): Promise<Pixels | null> {
  const res = await fetch(url, { signal, credentials: 'same-origin' });
  if (res.status === 404 || res.status === 422) return null;
  if (!res.ok) throw new Error(`${res.status} for ${url}`);
  const bitmap = await createImageBitmap(await res.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width: canvas.width, height: canvas.height, rgba: ctx.getImageData(0, 0, canvas.width, canvas.height).data };
}

/** RGBA pixels on a canvas Konva can draw without re-decoding. */
export function toCanvas(width: number, height: number, rgba: Uint8ClampedArray): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  c.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return c;
}

/** A video frame decoded once for drawing (colour-managed like any photo). */
export async function decodeFrame(url: string): Promise<ImageBitmap> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${res.status} for ${url}`);
  return createImageBitmap(await res.blob());
}
