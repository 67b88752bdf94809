import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import path from 'node:path';
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
