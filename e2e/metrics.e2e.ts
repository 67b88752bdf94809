import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';
import { encodeRle } from '../src-main/core/annotation/rle';
import { api, launchBrowser, openApp, screenshot, startServer, tempDir, uncaughtErrors, type ServerHandle } from './harness';

let browser: Browser;
let server: ServerHandle;
let root: string;
let predA: string;
let predB: string;

/** A prediction folder in the AVSBench layout made from the GT with a share `noise` of pixels set to background. */
async function writePredictions(out: string, noise: number, seed: number): Promise<void> {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (const subset of fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory())) {
    for (const uid of fs.readdirSync(path.join(root, subset))) {
      const labels = path.join(root, subset, uid, 'labels_semantic');
      for (const f of fs.readdirSync(labels)) {
        const { data, info } = await sharp(path.join(labels, f)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
        const pred = Uint8Array.from(data, (v) => (rand() < noise ? 0 : v));
        fs.mkdirSync(path.join(out, subset, uid), { recursive: true });
        await sharp(pred, { raw: { width: info.width, height: info.height, channels: 1 } }).png().toFile(path.join(out, subset, uid, f));
      }
    }
  }
}

beforeAll(async () => {
  const dir = tempDir('metrics');
  root = (await generateSyntheticDataset({ out: path.join(dir, 'synthetic'), videos: 6, seed: 3, size: 64 })).root;
  predA = path.join(dir, 'model-a');
  predB = path.join(dir, 'model-b');
  await writePredictions(predA, 0.1, 1);
  await writePredictions(predB, 0.4, 2);
  browser = await launchBrowser();
  server = await startServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('runs panel', () => {
  it('imports prediction folders (one against the corrected GT), lists the runs, compares them and opens a video from a delta row', async () => {
    // The dataset in the catalog (the viewer reads videos from there), and a correction of one frame in the app's
    // annotation store: that frame's object relabelled as background.
    const open = await api<{ datasetId: number; job: { id: string } }>(server, 'datasets.open', { root });
    await expect.poll(() => api<{ state: string }>(server, 'jobs.get', { id: open.job.id }).then((j) => j.state), { timeout: 30_000 }).toBe('done');
    const subset = fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory()).sort()[0];
    const uid = fs.readdirSync(path.join(root, subset)).sort()[0];
    await api(server, 'annotations.save', { datasetId: open.datasetId, subset, uid, t: 0, width: 64, height: 64, rle: encodeRle(new Uint8Array(64 * 64)) });
    const page = await openApp(browser, server);
    await page.getByTestId('nav-runs').click();
    for (const [dir, name, gt] of [[predA, 'model A', 'dataset'], [predB, 'model B', 'dataset'], [predA, 'model A corrected', 'corrected']]) {
      await page.getByTestId('metrics-pred-dir').fill(dir);
      await page.getByTestId('metrics-dataset').selectOption(String(open.datasetId));
      await page.getByTestId('metrics-name').fill(name);
      await page.getByTestId('metrics-split').selectOption('');
      await page.getByTestId('metrics-gt').selectOption(gt);
      await page.getByTestId('metrics-import').click();
    }
    const done = page.locator('[data-testid="runs-table"] tbody tr[data-state="done"]');
    await expect.poll(() => done.count(), { timeout: 60_000 }).toBe(3);
    const miou = async (name: string) => Number(await page.locator(`tr[data-run="${name}"] [data-testid="run-miou"]`).innerText().then((t) => t.split('\n')[0]));
    // More background noise in B: lower mIoU.
    expect(await miou('model A')).toBeGreaterThan(await miou('model B'));
    // The same predictions scored against the corrected frame: the run says so, and its number moved.
    const gtColumn = async (name: string) => page.locator(`tr[data-run="${name}"] [data-testid="run-gt"]`).innerText();
    expect([await gtColumn('model A'), await gtColumn('model A corrected')]).toEqual(['dataset', 'corrected']);
    expect(await miou('model A corrected')).not.toBe(await miou('model A'));

    await page.locator('tr[data-run="model A"]').click();
    await expect.poll(() => page.locator('[data-testid="miou-histogram"] rect').count()).toBe(20);
    const bars = await page.locator('[data-testid="miou-histogram"] rect').evaluateAll((rs) => rs.reduce((n, r) => n + Number(r.getAttribute('data-count')), 0));
    expect(bars).toBe(6);

    await page.locator('tr[data-run="model A"] [data-testid="pick-a"]').click();
    await page.locator('tr[data-run="model B"] [data-testid="pick-b"]').click();
    await page.getByTestId('metrics-compare').click();
    const deltas = page.locator('[data-testid="delta-table"] tbody tr');
    await expect.poll(() => deltas.count()).toBe(6);
    expect(Number(await page.getByTestId('mean-dmiou').innerText())).toBeLessThan(0);
    // 10% of pixels dropped to background: every video keeps IoU near 0.9 on its objects and ~1 on background.
    expect(Math.min(...(await deltas.locator('td:nth-child(2)').allInnerTexts()).map(Number))).toBeGreaterThan(0.8);
    // Sorted by ΔmIoU descending first, then ascending after a click.
    const column = async () => (await deltas.locator('td:nth-child(4)').allInnerTexts()).map(Number);
    await expect.poll(async () => { const c = await column(); return c.every((v, i) => i === 0 || c[i - 1] >= v); }).toBe(true);
    await page.getByTestId('delta-sort-dMiou').click();
    await expect.poll(async () => { const c = await column(); return c.every((v, i) => i === 0 || c[i - 1] <= v); }).toBe(true);
    await screenshot(page, 'metrics-runs');

    const target = (await deltas.first().locator('td').first().innerText()).trim();
    await deltas.first().click();
    await expect.poll(() => page.getByTestId('runs-table').count()).toBe(0); // left for the viewer
    await expect.poll(() => page.getByTestId('viewer-title').innerText().catch(() => ''), { timeout: 15_000 }).toBe(target);
    await expect.poll(() => page.getByTestId('viewer-ready').getAttribute('data-ready'), { timeout: 15_000 }).toBe('yes');
    expect(uncaughtErrors.get(page)).toEqual([]);
  });
});
