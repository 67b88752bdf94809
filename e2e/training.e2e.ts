import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';
import { launchBrowser, openApp, repoRoot, screenshot, startServer, tempDir, uncaughtErrors, type ServerHandle } from './harness';

let browser: Browser;
let server: ServerHandle;
const hasEngine = fs.existsSync(path.join(repoRoot, '.venv', 'bin', 'python'));

beforeAll(async () => {
  const root = (await generateSyntheticDataset({ out: path.join(tempDir('train'), 'avss'), videos: 6, seed: 5, size: 64 })).root;
  [browser, server] = await Promise.all([launchBrowser(), startServer({ args: ['--open-dataset', root] })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!hasEngine)('training panel', () => {
  it('launches a tiny training, shows live loss curves, cancels, resumes to the end, exports ONNX, and runs it in the app with per-video metrics', async () => {
    const page = await openApp(browser, server);
    await page.getByTestId('dataset-summary').waitFor();
    await page.getByTestId('nav-training').click();
    await expect.poll(() => page.getByTestId('train-variant').locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(3);
    await page.getByTestId('train-variant').selectOption('+pre');
    await page.getByTestId('train-check').click();
    await page.getByTestId('train-checks').getByText(/M_Pre \/ M_Post layers/).waitFor();
    expect(await page.getByTestId('train-checks').innerText()).toMatch(/✘ M_Pre \/ M_Post layers[^]*Export the flow masks/);

    await page.getByTestId('train-variant').selectOption('aavs');
    await page.getByTestId('train-name').fill('e2e-tiny');
    await page.getByTestId('train-epochs').fill('40');
    await page.getByTestId('train-max-steps').fill('8');
    await page.getByTestId('train-image-size').fill('64');
    await page.getByTestId('train-start').click();
    const row = page.getByTestId('training-runs').locator('tbody tr').first();
    await expect.poll(() => row.innerText(), { timeout: 60_000 }).toMatch(/e2e-tiny/);
    const points = () => page.locator('[data-testid="loss-chart"] path[data-series="total"]').getAttribute('data-points').then(Number);
    await expect.poll(points, { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
    const early = await points();
    await expect.poll(points, { timeout: 90_000 }).toBeGreaterThan(early);
    await screenshot(page, 'training-live');

    // Cancel once a checkpoint exists (end of the first epoch), then resume to max_steps.
    await expect.poll(() => page.getByTestId('train-export').count(), { timeout: 90_000 }).toBe(1);
    await page.getByTestId('train-cancel').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 120_000 }).toBe('cancelled');
    await page.getByTestId('train-resume').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 180_000 }).toBe('done');
    await expect.poll(points, { timeout: 10_000 }).toBe(8);

    await page.getByTestId('train-export').click();
    await expect.poll(() => row.innerText(), { timeout: 120_000 }).toMatch(/e2e-tiny/);
    await expect.poll(async () => (await row.locator('td').nth(3).innerText()).trim(), { timeout: 120_000 }).not.toBe('—');
    const model = (await row.locator('td').nth(3).innerText()).trim();
    const onnx = path.join(repoRoot, 'models', 'generated', `${model}.onnx`);
    expect(fs.existsSync(onnx)).toBe(true);
    await screenshot(page, 'training-done');

    // One click: the exported model runs over the test split in onnxruntime-node; per-video metrics appear.
    await expect.poll(() => page.getByTestId('infer-model').inputValue(), { timeout: 30_000 }).toBe(model);
    await page.getByTestId('infer-start').click();
    const rows = page.getByTestId('infer-videos').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('infer-summary').innerText()).toMatch(/mIoU \d+\.\d\d % · F-score \d+\.\d\d % over \d+ videos/);
    expect(await rows.first().innerText()).toMatch(/\d+\.\d\d\s+\d+\.\d\d$/);
    await page.getByTestId('inference-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'training-inference');
    for (const f of fs.readdirSync(path.dirname(onnx))) if (f.startsWith(`${model}.`)) fs.rmSync(path.join(path.dirname(onnx), f));
    expect(uncaughtErrors.get(page)).toEqual([]);
  }, 600_000);
});
