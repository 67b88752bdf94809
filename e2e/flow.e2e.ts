import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { writeFlowFixture } from '../src-main/services/flow/test-avss-fixture';
import { launchBrowser, openApp, screenshot, startServer, tempDir, uncaughtErrors, type ServerHandle } from './harness';

let browser: Browser;
let server: ServerHandle;
let root: string;

beforeAll(async () => {
  root = tempDir('flow-ds');
  await writeFlowFixture(root);
  browser = await launchBrowser();
  server = await startServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('flow panel', () => {
  it('computes masks on a split, sorts the statistics, previews a threshold and opens the viewer from a row', async () => {
    const page = await openApp(browser, server);
    const opened = await page.evaluate((r) => window.api.invoke('datasets.open', { root: r }), root);
    expect(opened.ok).toBe(true);
    await page.getByTestId('nav-jobs').click();
    await expect.poll(() => page.locator('[data-testid="jobs-table"] tbody tr').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await page.getByTestId('nav-flow').click();
    await expect.poll(() => page.getByTestId('flow-dataset').inputValue()).not.toBe('');
    await page.getByTestId('flow-work-size').fill('160');
    await page.getByTestId('flow-work-size').press('Tab');
    await page.getByTestId('flow-run').click();
    await expect.poll(() => page.getByTestId('flow-job-state').innerText(), { timeout: 60_000 }).toBe('done');

    const rows = page.getByTestId('flow-stats-row');
    await expect.poll(() => rows.count()).toBe(2); // the one-frame and mixed-size videos are skipped, not fatal
    expect(await page.getByTestId('flow-job-failed').innerText()).toMatch(/^2 video\(s\) skipped/);
    await page.getByTestId('flow-sort-coverage').click(); // first click: highest coverage first
    await expect.poll(() => rows.first().innerText()).toMatch(/v2\/moving/);
    await page.getByTestId('flow-sort-coverage').click();
    await expect.poll(() => rows.first().innerText()).toMatch(/v2\/still/);

    await rows.filter({ hasText: 'v2/moving' }).getByTestId('flow-preview-row').click();
    const stats = page.getByTestId('flow-preview-stats');
    await expect.poll(() => stats.innerText()).toMatch(/level 32\.0 · GT covered 5\d\.\d%/);
    const mask = page.getByTestId('flow-preview-mask');
    await expect.poll(() => mask.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    await page.getByTestId('flow-threshold-mode').selectOption('percentile');
    await expect.poll(() => stats.innerText()).toMatch(/moving (9|10)\.\d%/); // p90 marks about 10%
    await screenshot(page, 'flow-panel');
    // Statistics belong to settings: p90 has none yet; back to the fixed level the computed rows return.
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByTestId('flow-threshold-mode').selectOption('fixed');
    await expect.poll(() => rows.count()).toBe(2);

    await rows.filter({ hasText: 'v2/moving' }).click();
    await expect.poll(() => page.getByTestId('flow-stats').count()).toBe(0); // left for the viewer
    expect(uncaughtErrors.get(page)).toEqual([]);
  });
});
