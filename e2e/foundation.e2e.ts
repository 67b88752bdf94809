import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot, startServer, tempDir, uncaughtErrors, type ServerHandle } from './harness';

let browser: Browser;
const servers: ServerHandle[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.stop()));
});

describe('foundation', () => {
  it('a settings change made in the UI is stored in SQLite and read back after a host restart', async () => {
    const dataDir = tempDir('settings');
    const first = await startServer({ dataDir });
    servers.push(first);
    let page = await openApp(browser, first);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('jobs-concurrency').fill('3');
    await page.getByTestId('jobs-concurrency').press('Tab');
    await page.getByText('Settings saved').waitFor();
    await page.getByTestId('theme-select').selectOption('light');
    await page.waitForSelector('.shell[data-theme="light"]');
    await page.getByTestId('deps-table').waitFor();
    await screenshot(page, 'foundation-settings');
    await page.close();
    await first.stop();

    const second = await startServer({ dataDir });
    servers.push(second);
    page = await openApp(browser, second);
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('jobs-concurrency').inputValue()).toBe('3');
    expect(await page.locator('.shell').getAttribute('data-theme')).toBe('light');
    // The dependency report names what is missing and how to get it.
    const deps = await page.getByTestId('deps-table').innerText();
    expect(deps).toMatch(/ONNX Runtime/);
    expect(deps).toMatch(/Electron/);
    expect(deps).toMatch(/ffmpeg/);
    expect(uncaughtErrors.get(page)).toEqual([]);
  });

  it('runs a job from the contract and shows its live progress in the jobs panel', async () => {
    const server = await startServer();
    servers.push(server);
    const page = await openApp(browser, server);
    await page.getByTestId('nav-jobs').click();
    const started = await page.evaluate(() => window.api.invoke('jobs.start', { kind: 'selftest', params: { items: 30, stepMs: 30 } }));
    expect(started.ok).toBe(true);
    const row = page.locator('[data-testid="jobs-table"] tbody tr').first();
    await row.locator('[role="progressbar"]').waitFor();
    await expect.poll(async () => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    expect(await row.innerText()).toMatch(/30\/30/);
    await row.click();
    await page.getByTestId('job-log').getByText('finished').waitFor();
    await screenshot(page, 'foundation-jobs');
  });

  it('answers a malformed call from the page with a validation error naming the field, and keeps serving', async () => {
    const server = await startServer();
    servers.push(server);
    const page = await openApp(browser, server);
    const bad = await page.evaluate(() => window.api.invoke('jobs.start', { kind: 'selftest', params: { items: 'many' } } as never));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('validation');
      expect(bad.error.message).toMatch(/items/);
    }
    const good = await page.evaluate(() => window.api.invoke('system.info', {}));
    expect(good.ok && (good.value as { host: string }).host).toBe('web');
  });
});
