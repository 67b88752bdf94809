import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binaryMean, evaluateBinaryBatch } from '../../core/metrics/binary-video';
import { addSums, emptyClassSums, evaluateSemanticVideo, summarizeClasses } from '../../core/metrics/semantic';

// Cross-check against PyTorch (float32, as the official scripts run): a script written after the structure of the
// official AVSBench code — per-threshold loop over torch.linspace, batch = one video, AverageMeter; torch.histc per
// frame and the all-class mean for AVSS — on the same pixels as the TypeScript implementation.

const python = path.resolve(__dirname, '../../../.venv/bin/python');

const SCRIPT = `
import json, sys, torch
d = json.load(sys.stdin)
S, C = d["size"], d["classes"]
def t(a): return torch.tensor(a, dtype=torch.float32).view(-1, S, S)
thr = torch.linspace(0, 1 - 1e-10, 255)
mious, fs = [], []
for v in d["binary"]:
    p, g = t(v["prob"]) / 255, t(v["gt"])
    g = (g > 0).float()
    pb = (p > 0.5).float()
    n = p.shape[0]
    inter = (pb * g).sum((1, 2)); union = torch.max(pb, g).sum((1, 2))
    empty = g.sum((1, 2)) == 0
    inter[empty] = ((1 - g) * (1 - pb)).sum((1, 2))[empty]; union[empty] = S * S
    mious.append((torch.sum(inter / (union + 1e-7)) / n).item())
    avg, k, score = 0.0, 0, torch.zeros(255)
    for i in range(n):
        if torch.mean(g[i]) == 0: continue
        prec, rec = torch.zeros(255), torch.zeros(255)
        for j in range(255):
            y = (p[i] >= thr[j]).float(); tp = (y * g[i]).sum()
            prec[j], rec[j] = tp / (y.sum() + 1e-20), tp / (g[i].sum() + 1e-20)
        f = 1.3 * prec * rec / (0.3 * prec + rec); f[f != f] = 0
        avg += f; k += 1; score = avg / k
    fs.append(score.max().item())
iou_pc, f_pc, cls_pc = torch.zeros(C), torch.zeros(C), torch.zeros(C)
for v in d["semantic"]:
    pred, tgt = t(v["pred"]) + 1, t(v["gt"]) + 1
    pred = pred * (tgt > 0).float(); inter = pred * (pred == tgt).float()
    for i in range(pred.shape[0]):
        ai = torch.histc(inter[i], bins=C, min=1, max=C); ap = torch.histc(pred[i], bins=C, min=1, max=C)
        al = torch.histc(tgt[i], bins=C, min=1, max=C); au = ap + al - ai
        iou_pc += ai / (2.220446049250313e-16 + au); cls_pc[torch.nonzero(au).squeeze(-1)] += 1
        pr, rc = ai / ap, ai / al; f = 1.3 * pr * rc / (0.3 * pr + rc); f[torch.isnan(f)] = 0; f_pc += f
m = iou_pc / cls_pc; m[torch.isnan(m)] = 0; fc = f_pc / cls_pc; fc[torch.isnan(fc)] = 0
print(json.dumps({"miou": sum(mious) / len(mious), "fscore": sum(fs) / len(fs), "videoF": fs,
                  "semMiou": m.mean().item(), "semF": fc.mean().item(), "count": cls_pc.tolist()}))
`;

function rng(seed: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('against the official structure in PyTorch (float32)', () => {
  it('S4/MS3 mIoU and F, and AVSS mIoU and F, agree to 1e-6', () => {
    if (!fs.existsSync(python)) throw new Error(`no Python venv at ${python}: run the setup script`);
    const rand = rng(11);
    const size = 12;
    const classes = 5;
    const frame = (emptyGt: boolean) => {
      const gt = Uint8Array.from({ length: size * size }, (_, i) => (emptyGt ? 0 : (i % size) > 3 && i / size > 4 ? 1 + (i % 3) : rand() < 0.05 ? 255 : 0));
      // Probability bytes near the GT; a fifth of them 0, 127, 128 or 255, on or next to the thresholds 0, 0.5 and 1.
      const prob = Uint8Array.from(gt, (g) => (rand() < 0.2 ? [0, 127, 128, 255][Math.floor(rand() * 4)] : Math.floor((g ? 0.6 : 0.2) * 255 + rand() * 100)));
      const pred = Uint8Array.from(gt, (g) => (rand() < 0.2 ? Math.floor(rand() * classes) : g === 255 ? 0 : g));
      return { gt, prob, pred };
    };
    const videos = Array.from({ length: 5 }, (_, v) => Array.from({ length: 4 }, (_, t) => frame(v === 0 || (v === 1 && t === 0))));
    const toList = (a: Uint8Array[]) => a.flatMap((x) => Array.from(x));
    const input = {
      size,
      classes,
      binary: videos.map((fr) => ({ prob: toList(fr.map((f) => f.prob)), gt: toList(fr.map((f) => f.gt)) })),
      semantic: videos.map((fr) => ({ pred: toList(fr.map((f) => f.pred)), gt: toList(fr.map((f) => f.gt)) })),
    };
    const torch = JSON.parse(execFileSync(python, ['-c', SCRIPT], { input: JSON.stringify(input), encoding: 'utf8' }));

    const batches = videos.map((fr) => evaluateBinaryBatch(fr.map((f) => ({ prob: f.prob, gt: f.gt }))));
    const bin = binaryMean(batches);
    expect(batches[0].fscore).toBe(0); // all-empty GT video
    expect(torch.videoF[0]).toBe(0);
    batches.forEach((b, i) => expect(b.fscore).toBeCloseTo(torch.videoF[i], 6));
    expect(bin.miou).toBeCloseTo(torch.miou, 6);
    expect(bin.fscore).toBeCloseTo(torch.fscore, 6);

    const sums = emptyClassSums(classes);
    for (const fr of videos) addSums(sums, evaluateSemanticVideo(fr.map((f) => ({ pred: f.pred, gt: f.gt })), classes).sums);
    const sem = summarizeClasses(sums);
    expect(Array.from(sums.count)).toEqual(torch.count);
    expect(sem.miou).toBeCloseTo(torch.semMiou, 6);
    expect(sem.fscore).toBeCloseTo(torch.semF, 6);
  }, 60_000);
});
