/** A dense flow field: per pixel (u, v) in pixels, interleaved, row-major (length = width * height * 2). */
export interface FlowField {
  width: number;
  height: number;
  data: Float32Array;
}

/** A single-channel image of gray levels on the 0..255 scale, kept as floats so Eq. 1 means stay exact. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** An interleaved 8-bit RGB image (length = width * height * 3). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}
