import type { BinaryMask, PreMask } from './types';

/** Binary GT from an AVSBench-semantic index label: every class index > 0 is foreground. */
export function binaryFromLabels(width: number, height: number, labels: Uint8Array): BinaryMask {
  if (labels.length !== width * height) throw new Error(`label has ${labels.length} pixels, expected ${width * height}`);
  const data = new Uint8Array(labels.length);
  for (let i = 0; i < data.length; i++) data[i] = labels[i] > 0 ? 1 : 0;
  return { width, height, data };
}

/** Eq. 2 of SSP: 1 where M_O and M_GT agree on 1, 0.5 where exactly one is 1 (the gray region), 0 elsewhere. */
export function preMask(mO: BinaryMask, mGT: BinaryMask): PreMask {
  assertSameSize(mO, mGT);
  const data = new Float32Array(mO.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (mO.data[i] + mGT.data[i]) / 2;
  return { width: mO.width, height: mO.height, data };
}

/** M_Post = M_O AND M_GT, the target of the post-mask loss. */
export function postMask(mO: BinaryMask, mGT: BinaryMask): BinaryMask {
  assertSameSize(mO, mGT);
  const data = new Uint8Array(mO.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mO.data[i] & mGT.data[i];
  return { width: mO.width, height: mO.height, data };
}

/** Gray levels for PNG export: binary masks as 0/255, M_Pre as 0/128/255. */
export function binaryToPng(mask: BinaryMask): Uint8Array {
  const out = new Uint8Array(mask.data.length);
  for (let i = 0; i < out.length; i++) out[i] = mask.data[i] ? 255 : 0;
  return out;
}

export function preMaskToPng(mask: PreMask): Uint8Array {
  const out = new Uint8Array(mask.data.length);
  for (let i = 0; i < out.length; i++) out[i] = mask.data[i] === 1 ? 255 : mask.data[i] === 0.5 ? 128 : 0;
  return out;
}

function assertSameSize(a: { width: number; height: number }, b: { width: number; height: number }): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`mask sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  }
}
