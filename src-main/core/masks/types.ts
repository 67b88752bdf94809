/** A binary mask: one byte per pixel, 0 or 1, row-major. */
export interface BinaryMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The SSP pre-mask M_Pre: one float per pixel in {0, 0.5, 1}. */
export interface PreMask {
  width: number;
  height: number;
  data: Float32Array;
}
