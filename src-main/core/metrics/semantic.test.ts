import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSums, emptyClassSums, evaluateSemanticVideo, semanticFrameCounts, semanticFrameScores, summarizeClasses } from './semantic';
import { referenceSemantic } from './reference-metrics';
import { semanticFrame } from './test-frames';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6;

describe('semantic metrics (one-pass histogram) vs the per-class reference', () => {
  it('class sums, counts, frame mIoU and the summary agree', () => {
    const k = 6;
    fc.assert(
      fc.property(fc.array(fc.array(semanticFrame(k), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), (videos) => {
        const total = emptyClassSums(k);
        const frameMiou: (number | null)[] = [];
        for (const v of videos) {
          const r = evaluateSemanticVideo(v, k);
          addSums(total, r.sums);
          frameMiou.push(...r.frames.map((f) => f.miou));
        }
        const ref = referenceSemantic(videos.flat(), k);
        const s = summarizeClasses(total);
        expect(Array.from(total.count)).toEqual(ref.count);
        expect(frameMiou.map((m) => m === null)).toEqual(ref.frameMiou.map((m) => m === null));
        return (
          Array.from(total.iouSum).every((v, c) => close(v, ref.iouSum[c])) &&
          Array.from(total.fSum).every((v, c) => close(v, ref.fSum[c])) &&
          frameMiou.every((m, i) => m === null || close(m, ref.frameMiou[i]!)) &&
          close(s.miou, ref.miou) &&
          close(s.fscore, ref.fscore) &&
          close(s.miouNoBg, ref.miouNoBg) &&
          close(s.fscoreNoBg, ref.fscoreNoBg)
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('official AVSS rules on a hand-made frame', () => {
  // 4 pixels, 3 classes. GT: [0, 1, 1, 255]; prediction: [0, 1, 2, 2].
  const c = semanticFrameCounts(Uint8Array.from([0, 1, 2, 2]), Uint8Array.from([0, 1, 1, 255]), 3);

  it('an ignore (255) GT pixel is neither label nor intersection, but its prediction counts', () => {
    expect(Array.from(c.label)).toEqual([1, 2, 0]);
    expect(Array.from(c.pred)).toEqual([1, 1, 2]);
    expect(Array.from(c.inter)).toEqual([1, 1, 0]);
  });

  it('per-class IoU / F, presence and the frame mIoU over non-zero IoUs', () => {
    const s = semanticFrameScores(c);
    Array.from(s.iou).forEach((v, k) => expect(v).toBeCloseTo([1, 0.5, 0][k], 12));
    // class 1: precision 1, recall 0.5 -> 1.3 * 0.5 / (0.3 + 0.5); class 2: predicted but absent -> 0.
    expect(s.fscore[1]).toBeCloseTo(0.65 / 0.8, 12);
    expect(s.fscore[2]).toBe(0);
    expect(Array.from(s.present)).toEqual([1, 1, 1]);
    expect(s.miou).toBeCloseTo(0.75, 12);
  });

  it('the dataset mean runs over all classes; classes that never occur count 0', () => {
    const v = evaluateSemanticVideo([{ pred: Uint8Array.from([0, 1]), gt: Uint8Array.from([0, 1]) }], 4);
    expect(v.summary.miou).toBeCloseTo(0.5, 12);
    expect(v.summary.miouPresent).toBeCloseTo(1, 12);
    expect(v.summary.miouNoBg).toBeCloseTo(1 / 3, 12);
  });
});
