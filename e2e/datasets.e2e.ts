import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import path from 'node:path';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';
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
    await page.getByText(/does not look like an AVSBench-semantic folder/).waitFor();
  });
});
