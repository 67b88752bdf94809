import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';
import { launchBrowser, openApp, screenshot, screenshotDir, startServer, tempDir, uncaughtErrors, type ServerHandle } from './harness';

let browser: Browser;
let server: ServerHandle;

beforeAll(async () => {
  const root = (await generateSyntheticDataset({ out: path.join(tempDir('viewer'), 'avss'), videos: 6, seed: 21, size: 224 })).root;
  [browser, server] = await Promise.all([launchBrowser(), startServer({ args: ['--open-dataset', root] })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

describe('viewer', () => {
  it('opens a video, scrubs with keys and slider, toggles every layer, shows hover values, and redraws a frame fast', async () => {
    const page = await openApp(browser, server);
    // A v2 video (10 frames) from the list.
    await page.getByTestId('video-row').filter({ hasText: 'v2/' }).first().click();
    await page.getByTestId('viewer-stage').locator('canvas').waitFor();
    await expect.poll(() => page.getByTestId('viewer-frame-index').innerText()).toBe('frame 1/10');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('viewer-frame-index').innerText()).toBe('frame 3/10');
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('viewer-frame-index').innerText()).toBe('frame 10/10');
    await page.keyboard.press('Home');
    await page.getByTestId('viewer-slider').fill('4');
    await expect.poll(() => page.getByTestId('viewer-frame-index').innerText()).toBe('frame 5/10');

    // Each layer toggles on and off; the flow layers come from the flow service (computed on first request).
    for (const id of ['gt', 'mo', 'pre', 'post', 'field']) {
      const box = page.getByTestId(`layer-${id}`);
      const was = await box.isChecked();
      await box.click();
      expect(await box.isChecked()).toBe(!was);
      await box.click();
      expect(await box.isChecked()).toBe(was);
    }
    // Five layers on: GT, M_O, M_Pre, M_Post and the flow field; wait until all are decoded.
    for (const id of ['pre', 'post', 'field']) await page.getByTestId(`layer-${id}`).check();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('viewer-ready').getAttribute('data-ready'), { timeout: 60_000 }).toBe('yes');

    // Hover in the middle of the frame: a value per visible layer.
    const stageBox = (await page.getByTestId('viewer-stage').boundingBox())!;
    await page.mouse.move(stageBox.x + stageBox.width / 2, stageBox.y + stageBox.height / 2);
    await page.mouse.move(stageBox.x + stageBox.width / 2 + 3, stageBox.y + stageBox.height / 2 + 2);
    await expect.poll(async () => page.getByTestId('hover-values').innerText()).toMatch(/M_GT[^]*M_O[^]*M_Pre[^]*M_Post[^]*Flow field/);
    const hoverText = await page.getByTestId('hover-values').innerText();
    expect(hoverText).toMatch(/M_GT\s+\d+ \(/);
    expect(hoverText).toMatch(/M_Pre\s+(0|0\.5|1)\b/);

    // Frame-change cost with 5 visible layers, scrubbing back and forth.
    await page.evaluate(() => ((window as unknown as { __viewerFrameTimes: number[] }).__viewerFrameTimes.length = 0));
    for (let i = 0; i < 60; i++) await page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForTimeout(300);
    const times = await page.evaluate(() => (window as unknown as { __viewerFrameTimes: number[] }).__viewerFrameTimes.slice());
    expect(times.length).toBeGreaterThanOrEqual(50);
    const p95 = percentile(times, 95);
    const result = { frameChanges: times.length, visibleLayers: 5, p50Ms: percentile(times, 50), p95Ms: p95, maxMs: Math.max(...times) };
    fs.mkdirSync(screenshotDir, { recursive: true });
    fs.writeFileSync(path.join(screenshotDir, 'viewer-perf.json'), JSON.stringify(result, null, 1));
    console.log(`viewer frame change with 5 layers: p50 ${result.p50Ms.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${times.length} changes`);
    expect(p95).toBeLessThan(16);

    await page.keyboard.press('?');
    await page.getByTestId('viewer-help').waitFor();
    await screenshot(page, 'viewer-help');
    await page.keyboard.press('Escape');
    await page.getByTestId('layer-field').uncheck();
    await screenshot(page, 'viewer-layers');
    expect(uncaughtErrors.get(page)).toEqual([]);
  });

  it('paints a GT correction, undoes and redoes it, finds it after a reload, and exports it', async () => {
    const page = await openApp(browser, server);
    await page.getByTestId('video-row').filter({ hasText: 'v1m/' }).first().click();
    await page.getByTestId('viewer-stage').locator('canvas').waitFor();
    await page.keyboard.press('ArrowRight'); // frame 2
    await page.getByTestId('annotate-toggle').click();
    await page.getByTestId('tool-brush').waitFor();
    await page.getByTestId('paint-class').selectOption({ label: 'violin' });
    const box = (await page.getByTestId('viewer-stage').boundingBox())!;
    // A stroke along the top edge of the frame, 10% in from the left to 40%.
    const y = box.y + box.height * 0.04;
    const gtAt = async (fx: number) => {
      await page.mouse.move(box.x + box.width * fx, y);
      return (await page.getByTestId('hover-values').innerText()).match(/M_GT\s+([^\n]+)/)?.[1] ?? '';
    };
    const before = await gtAt(0.25);
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + box.width * (0.1 + 0.03 * k), y);
    await page.mouse.up();
    await expect.poll(() => gtAt(0.25)).toMatch(/\(violin\)/);
    await expect.poll(() => page.getByTestId('save-state').innerText()).toBe('saved');

    await page.keyboard.press('Control+z');
    await expect.poll(() => gtAt(0.25)).toBe(before);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => gtAt(0.25)).toMatch(/\(violin\)/);
    await expect.poll(() => page.getByTestId('save-state').innerText()).toBe('saved');
    await screenshot(page, 'viewer-annotate');

    // Reload: the correction comes back from the app's store (the dataset's label file is untouched).
    await page.reload();
    await page.getByTestId('video-row').filter({ hasText: 'v1m/' }).first().click();
    await page.getByTestId('viewer-stage').locator('canvas').waitFor();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => gtAt(0.25)).toMatch(/\(violin\)/);
    await expect.poll(() => page.getByTestId('viewer-thumb').nth(1).getAttribute('class')).toMatch(/edited/);

    const out = path.join(tempDir('export'), 'corrected');
    await page.getByTestId('export-path').fill(out);
    await page.getByTestId('export-annotations').click();
    await page.getByText(/Exported 1 corrected frame/).waitFor();
    const exported = fs.readdirSync(path.join(out, 'v1m'));
    expect(exported).toHaveLength(1);
    expect(fs.existsSync(path.join(out, 'v1m', exported[0], 'labels_semantic', '1.png'))).toBe(true);
    expect(uncaughtErrors.get(page)).toEqual([]);
  });
});
