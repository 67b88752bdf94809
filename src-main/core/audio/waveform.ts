/** Min/max of each of `bins` equal slices of a signal: what a waveform strip draws. */
export function waveformPeaks(samples: Float32Array, bins: number): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(bins);
  const max = new Float32Array(bins);
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * samples.length) / bins);
    const to = Math.max(from + 1, Math.floor(((b + 1) * samples.length) / bins));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < Math.min(to, samples.length); i++) {
      const v = samples[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    min[b] = lo === Infinity ? 0 : lo;
    max[b] = hi === -Infinity ? 0 : hi;
  }
  return { min, max };
}
