import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { locateFfmpeg } from '../src-main/services/datasets/ffmpeg';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';
import { exportObjectLayout } from '../src-main/services/synthetic/object-layout-export';
import { launchBrowser, openApp, screenshot, startServer, tempDir, uncaughtErrors, type ServerHandle } from './harness';

let browser: Browser;
let server: ServerHandle;
let root: string;

beforeAll(async () => {
  root = (await generateSyntheticDataset({ out: path.join(tempDir('ds'), 'avss'), videos: 30, seed: 3, size: 96 })).root;
  [browser, server] = await Promise.all([launchBrowser(), startServer({ args: ['--open-dataset', root] })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('datasets panel', () => {
  it('opens the folder given to the host, indexes it with progress, lists and filters the videos', async () => {
    const page = await openApp(browser, server);
    await page.getByTestId('dataset-summary').waitFor();
    await expect.poll(() => page.getByTestId('count-total').innerText()).toBe('30 videos');
    await expect.poll(() => page.getByTestId('video-row').count()).toBe(30);
    await page.getByTestId('filter-split').selectOption('test');
    const shown = async () => Number((await page.getByTestId('list-total').innerText()).split(' ')[0]);
    await expect.poll(shown).toBeLessThan(30);
    const testCount = await shown();
    expect(testCount).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('video-row').count()).toBe(testCount);
    for (const text of await page.getByTestId('video-row').allInnerTexts()) expect(text).toMatch(/\btest\b/);
    await page.getByTestId('filter-split').selectOption('');
    await page.getByTestId('filter-search').fill('0001');
    await expect.poll(() => page.getByTestId('video-row').count()).toBeLessThan(30);
    await page.getByTestId('filter-search').fill('');
    await screenshot(page, 'datasets-list');
    expect(uncaughtErrors.get(page)).toEqual([]);
  });

  it('opens another folder typed into the path box, and explains a folder that is not a dataset', async () => {
    const page = await openApp(browser, server);
    await page.getByTestId('dataset-root').fill(path.dirname(root));
    await page.getByTestId('dataset-open').click();
    await page.getByText(/does not look like a dataset/).waitFor();
  });

  it('lists an AVSBench-sized dataset (12,356 videos) virtualised: few DOM rows, the last row reachable by scrolling', async () => {
    const big = (await generateSyntheticDataset({ out: path.join(tempDir('big'), 'avss'), videos: 12_356, seed: 9, metadataOnly: true })).root;
    const page = await openApp(browser, server);
    await page.getByTestId('dataset-root').fill(big);
    await page.getByTestId('dataset-open').click();
    await expect.poll(() => page.getByTestId('count-total').innerText(), { timeout: 30_000 }).toBe('12356 videos');
    // Metadata only: every folder is missing, so every video is listed with its problem.
    await page.getByTestId('filter-errors').check();
    await expect.poll(() => page.getByTestId('list-total').innerText()).toBe('12356 shown');
    expect(await page.getByTestId('video-row').count()).toBeLessThan(100);
    await page.getByTestId('video-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => page.getByTestId('video-row').last().innerText()).toMatch(/^12356\b[\s\S]*does not exist/);
    expect(await page.getByTestId('video-row').count()).toBeLessThan(100);
    await expect.poll(() => page.getByTestId('dataset-problems').locator('summary').innerText()).toBe('12356 problem(s) found while indexing (first 500 shown)');
    await screenshot(page, 'datasets-12k');
    expect(uncaughtErrors.get(page)).toEqual([]);
  }, 60_000);

  it('opens a folder of plain videos: probed with ffmpeg, frames and spectrogram served from the cache', async () => {
    const dir = tempDir('videos');
    const src = path.join(root, 'v1s');
    const [uid] = fs.readdirSync(src);
    const ffmpeg = locateFfmpeg('').path;
    for (const name of ['a.mp4', 'b.mkv']) {
      execFileSync(ffmpeg, ['-v', 'error', '-framerate', '1', '-i', path.join(src, uid, 'frames', '%d.jpg'), '-i', path.join(src, uid, 'audio.wav'), '-c:v', 'mpeg4', '-r', '5', '-c:a', 'aac', '-shortest', path.join(dir, name)]);
    }
    const page = await openApp(browser, server);
    await page.getByTestId('dataset-root').fill(dir);
    await page.getByTestId('dataset-open').click();
    await expect.poll(() => page.getByTestId('dataset-summary').innerText()).toMatch(/VIDEO-FOLDER/);
    await expect.poll(() => page.getByTestId('video-row').allInnerTexts()).toEqual([expect.stringMatching(/\.\/a\.mp4\s+test[\s\S]*5 fr/), expect.stringMatching(/\.\/b\.mkv/)]);
    // The page's own media URLs (same origin, its session): a decoded frame and a spectrogram.
    const fetched = await page.evaluate(async () => {
      type Api = { invoke(m: string, i: unknown): Promise<{ ok: boolean; value: { id: number }[] }>; mediaUrl(r: string, p: Record<string, string | number>): string };
      const api = (window as unknown as { api: Api }).api;
      const [newest] = (await api.invoke('datasets.list', {})).value;
      const key = { datasetId: newest.id, subset: '.', uid: 'a.mp4' };
      const types: string[] = [];
      for (const [route, extra] of [['datasets/frame', { t: 4 }], ['datasets/spectrogram', { width: 200 }]] as const) {
        const r = await fetch(api.mediaUrl(route, { ...key, ...extra }), { credentials: 'same-origin' });
        types.push(`${r.status} ${r.headers.get('content-type')}`);
      }
      return types;
    });
    expect(fetched).toEqual(['200 image/jpeg', '200 image/png']);
    await screenshot(page, 'datasets-videos');
  }, 60_000);

  it('opens an AVSBench-object S4 folder by path: format, counts, class filter', async () => {
    const s4 = (await exportObjectLayout(root, path.join(tempDir('s4'), 'Single-source'), 's4')).root;
    const page = await openApp(browser, server);
    await page.getByTestId('dataset-root').fill(s4);
    await page.getByTestId('dataset-open').click();
    await expect.poll(() => page.getByTestId('dataset-summary').innerText()).toMatch(/Single-source[\s\S]*S4/);
    await expect.poll(() => page.getByTestId('count-total').innerText()).toBe('30 videos');
    const options = await page.getByTestId('filter-class').locator('option').allInnerTexts();
    const [, first] = options;
    const n = Number(/\((\d+)\)/.exec(first)![1]);
    await page.getByTestId('filter-class').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('video-row').count()).toBe(n);
    await screenshot(page, 'datasets-s4');
    expect(uncaughtErrors.get(page)).toEqual([]);
  });
});
