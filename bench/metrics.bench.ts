// Official AVSBench metrics on an AVSS-test-sized set (1,554 videos x 10 frames at 224x224, synthetic): the
// histogram implementation against the straightforward per-threshold / per-class reference, both measured in this
// run on the same frames, and logging metric rows into SQLite against one insert per transaction.
// Run: node --import tsx bench/metrics.bench.ts [videos=1554] [frames=10] [size=224]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { binaryMean, evaluateBinaryBatch } from '../src-main/core/metrics/binary-video';
import { referenceBinaryBatch, referenceSemantic } from '../src-main/core/metrics/reference-metrics';
import { AVSS_CLASS_COUNT, addSums, emptyClassSums, evaluateSemanticVideo, summarizeClasses } from '../src-main/core/metrics/semantic';
import { allMigrations } from '../src-main/app/migrations';
import { openDatabase } from '../src-main/store/db';
import { createRun, RunWriter } from '../src-main/services/metrics/run-store';
import { binaryVideoResult, semanticVideoResult, type VideoResult } from '../src-main/services/metrics/video-result';

const [VIDEOS, FRAMES, SIZE] = [1554, 10, 224].map((d, i) => Number(process.argv[2 + i] ?? d));
const N = SIZE * SIZE;

let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);

/** One synthetic frame: a class box (none in ~10% of frames), probabilities near it, a noisy class map. */
function frame() {
  const gt = new Uint8Array(N);
  if (rand() > 0.1) {
    const c = 1 + Math.floor(rand() * (AVSS_CLASS_COUNT - 1));
    const [x0, y0, w, h] = [rand() * SIZE * 0.6, rand() * SIZE * 0.6, 20 + rand() * SIZE * 0.4, 20 + rand() * SIZE * 0.4].map(Math.floor);
    for (let y = y0; y < Math.min(SIZE, y0 + h); y++) gt.fill(c, y * SIZE + x0, y * SIZE + Math.min(SIZE, x0 + w));
  }
  const prob = new Uint8Array(N);
  const pred = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    const r = rand();
    prob[i] = Math.min(255, Math.max(0, (gt[i] ? 165 : 70) + Math.floor((r - 0.5) * 240)));
    pred[i] = r < 0.08 ? Math.floor(rand() * AVSS_CLASS_COUNT) : gt[i];
  }
  return { gt, prob, pred };
}

const time = (fn: () => void) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

const ms = { fastBin: 0, refBin: 0, fastSem: 0, refSem: 0 };
const fastVideos: { miou: number; fscore: number }[] = [];
const refVideos: { miou: number; fscore: number }[] = [];
const fastSums = emptyClassSums();
const refSums = { iouSum: new Float64Array(AVSS_CLASS_COUNT), fSum: new Float64Array(AVSS_CLASS_COUNT), count: new Float64Array(AVSS_CLASS_COUNT) };
const results: VideoResult[] = [];
let maxVideoDiff = 0;
const started = performance.now();

for (let v = 0; v < VIDEOS; v++) {
  const frames = Array.from({ length: FRAMES }, frame);
  const key = { subset: 'v2', uid: `video${v}` };
  const binFrames = frames.map((f, t) => ({ t, prob: f.prob, gt: f.gt }));
  const semFrames = frames.map((f, t) => ({ t, pred: f.pred, gt: f.gt }));
  let fb!: ReturnType<typeof evaluateBinaryBatch>, rb!: ReturnType<typeof referenceBinaryBatch>;
  let fs_!: ReturnType<typeof evaluateSemanticVideo>, rs!: ReturnType<typeof referenceSemantic>;
  ms.fastBin += time(() => (fb = evaluateBinaryBatch(binFrames)));
  ms.refBin += time(() => (rb = referenceBinaryBatch(binFrames)));
  ms.fastSem += time(() => (fs_ = evaluateSemanticVideo(semFrames)));
  ms.refSem += time(() => (rs = referenceSemantic(semFrames, AVSS_CLASS_COUNT)));
  fastVideos.push(fb);
  refVideos.push(rb);
  addSums(fastSums, fs_.sums);
  for (let k = 0; k < AVSS_CLASS_COUNT; k++) (refSums.iouSum[k] += rs.iouSum[k]), (refSums.fSum[k] += rs.fSum[k]), (refSums.count[k] += rs.count[k]);
  maxVideoDiff = Math.max(maxVideoDiff, Math.abs(fb.miou - rb.miou), Math.abs(fb.fscore - rb.fscore));
  // Keep a copy of the rows for the logging part (alternating kinds so both row shapes are written).
  results.push(v % 2 ? binaryVideoResult(key, binFrames) : semanticVideoResult(key, semFrames));
  if (v % 100 === 99) console.error(`  ${v + 1}/${VIDEOS} videos, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

const fastBin = binaryMean(fastVideos);
const refBin = binaryMean(refVideos);
const fastSem = summarizeClasses(fastSums);
const refSem = summarizeClasses(refSums);
const diff = Math.max(
  maxVideoDiff,
  Math.abs(fastBin.miou - refBin.miou),
  Math.abs(fastBin.fscore - refBin.fscore),
  Math.abs(fastSem.miou - refSem.miou),
  Math.abs(fastSem.fscore - refSem.fscore),
);
const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
console.log(`set: ${VIDEOS} videos x ${FRAMES} frames at ${SIZE}x${SIZE} (${((VIDEOS * FRAMES * N) / 1e6).toFixed(0)} M pixels)`);
console.log(`binary S4/MS3 (IoU + F over 255 thresholds): histogram ${s(ms.fastBin)}, per-threshold reference ${s(ms.refBin)}, ratio ${(ms.refBin / ms.fastBin).toFixed(1)}x`);
console.log(`  mIoU ${fastBin.miou.toFixed(6)} / ${refBin.miou.toFixed(6)}, F ${fastBin.fscore.toFixed(6)} / ${refBin.fscore.toFixed(6)} (fast / reference)`);
console.log(`semantic AVSS (${AVSS_CLASS_COUNT} classes): one-pass histogram ${s(ms.fastSem)}, per-class reference ${s(ms.refSem)}, ratio ${(ms.refSem / ms.fastSem).toFixed(1)}x`);
console.log(`  mIoU ${fastSem.miou.toFixed(6)} / ${refSem.miou.toFixed(6)}, F ${fastSem.fscore.toFixed(6)} / ${refSem.fscore.toFixed(6)}`);
console.log(`largest difference fast vs reference over every video and total: ${diff.toExponential(2)} -> ${diff <= 1e-9 ? 'identical' : 'DIFFERENT'}`);

// Logging: the run writer (prepared statements, batched transactions) on a file database as the app opens it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-metrics-bench-'));
const db = openDatabase(path.join(dir, 'app.db'), allMigrations);
const rowsOf = (r: VideoResult) => 1 + r.frames.length + (r.classSums ? r.classSums.count.filter((c) => c > 0).length : 0);
const copies = Math.max(1, Math.ceil(400_000 / results.reduce((a, r) => a + rowsOf(r), 0)));
let rows = 0;
const batchedMs = time(() => {
  for (let c = 0; c < copies; c++) {
    const writer = new RunWriter(db, createRun(db, { name: `bench ${c}`, kind: 'semantic', source: { type: 'model', name: 'bench', path: null }, datasetId: 1 }));
    for (const r of results) writer.add(r), (rows += rowsOf(r));
    writer.flush();
  }
});
// Reference: the same kind of rows written the naive way, one autocommit INSERT (one transaction) per row, on fewer
// videos because it is far slower.
const naiveRun = createRun(db, { name: 'naive', kind: 'binary', source: { type: 'model', name: 'bench', path: null }, datasetId: 1 });
const insertVideo = db.prepare('INSERT INTO metrics_videos (run_id, subset, uid, frames, miou, fscore) VALUES (?, ?, ?, ?, ?, ?)');
const insertFrame = db.prepare('INSERT INTO metrics_frames (video_id, t, iou, fscore, gt_pixels) VALUES (?, ?, ?, ?, ?)');
let naiveRows = 0;
const naiveMs = time(() => {
  for (const r of results.slice(0, 300)) {
    const id = insertVideo.run(naiveRun, r.subset, r.uid, r.frames.length, r.miou, r.fscore).lastInsertRowid;
    for (const f of r.frames) insertFrame.run(id, f.t, f.iou, f.fscore, f.gtPixels);
    naiveRows += 1 + r.frames.length;
  }
});
db.close();
fs.rmSync(dir, { recursive: true, force: true });
const rate = rows / (batchedMs / 1000);
const naiveRate = naiveRows / (naiveMs / 1000);
console.log(`SQLite logging: ${rows} rows in ${s(batchedMs)} = ${Math.round(rate).toLocaleString('en')} rows/s (goal >= 300,000)`);
console.log(`  naive one transaction per write: ${naiveRows} rows in ${s(naiveMs)} = ${Math.round(naiveRate).toLocaleString('en')} rows/s; ratio ${(rate / naiveRate).toFixed(1)}x`);
