import fc from 'fast-check';
import { F_THRESHOLDS } from './thresholds';

// fast-check generators of small frames, biased towards the inputs where metric code breaks:
// empty / full GT, all-zero predictions, probabilities exactly on (and one ulp around) thresholds.

const onThreshold = fc.integer({ min: 0, max: 254 }).map((i) => F_THRESHOLDS[i]);
const nearThreshold = fc.tuple(fc.integer({ min: 0, max: 254 }), fc.constantFrom(-1, 1)).map(([i, d]) => {
  const bits = new Uint32Array(new Float32Array([F_THRESHOLDS[i]]).buffer);
  return i === 0 && d < 0 ? 0 : new Float32Array(new Uint32Array([bits[0] + d]).buffer)[0];
});
const probability = fc.oneof(onThreshold, nearThreshold, fc.constantFrom(0, 0.5, 1), fc.float({ min: 0, max: 1, noNaN: true }));

type GtMode = 'random' | 'empty' | 'full';
type PredMode = 'random' | 'zero';

function gtOf(mode: GtMode, values: number[]): Uint8Array {
  return Uint8Array.from(values, (v) => (mode === 'empty' ? 0 : mode === 'full' ? 255 : v));
}

/** A binary frame: float32 or byte probabilities with a GT of the same size. */
export const binaryFrame = fc.integer({ min: 1, max: 64 }).chain((n) =>
  fc
    .record({
      floats: fc.array(probability, { minLength: n, maxLength: n }),
      bytes: fc.uint8Array({ minLength: n, maxLength: n }),
      asBytes: fc.boolean(),
      gtValues: fc.array(fc.constantFrom(0, 0, 1, 128, 255), { minLength: n, maxLength: n }),
      gtMode: fc.constantFrom<GtMode>('random', 'random', 'empty', 'full'),
      predMode: fc.constantFrom<PredMode>('random', 'random', 'random', 'zero'),
    })
    .map(({ floats, bytes, asBytes, gtValues, gtMode, predMode }) => {
      const zero = predMode === 'zero';
      const prob = asBytes ? (zero ? new Uint8Array(n) : bytes) : zero ? new Float32Array(n) : Float32Array.from(floats);
      return { prob, gt: gtOf(gtMode, gtValues) };
    }),
);

/** A semantic frame over `classCount` classes; GT may hold 255 (ignore), predictions out-of-range values or a copy of GT. */
export const semanticFrame = (classCount: number) =>
  fc.integer({ min: 1, max: 64 }).chain((n) =>
    fc
      .record({
        gt: fc.array(fc.oneof(fc.integer({ min: 0, max: classCount - 1 }), fc.constant(255)), { minLength: n, maxLength: n }),
        pred: fc.array(fc.oneof(fc.integer({ min: 0, max: classCount - 1 }), fc.constantFrom(classCount, 255)), { minLength: n, maxLength: n }),
        copyGt: fc.constantFrom(false, false, true),
      })
      .map(({ gt, pred, copyGt }) => ({ gt: Uint8Array.from(gt), pred: copyGt ? Uint8Array.from(gt, (g) => (g === 255 ? 0 : g)) : Uint8Array.from(pred) })),
  );
