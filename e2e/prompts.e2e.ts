import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PAPER_Q1, PAPER_Q2 } from '../src-main/core/prompts/template';
import { generateSyntheticDataset } from '../src-main/services/synthetic/generate-dataset';
import { startTestServer, type TestServer } from '../src-main/services/prompts/testing/openai-compatible-server';
import { launchBrowser, openApp, screenshot, startServer, tempDir, uncaughtErrors, type ServerHandle } from './harness';

let browser: Browser;
let server: ServerHandle;
let llm: TestServer;
let root: string;

const EDITED_Q1 = 'List every object you see and what it is doing, one short sentence each.';

beforeAll(async () => {
  root = (await generateSyntheticDataset({ out: path.join(tempDir('prompts'), 'synthetic'), videos: 4, seed: 5, size: 64 })).root;
  llm = await startTestServer();
  browser = await launchBrowser();
  server = await startServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await llm?.close();
});

describe('prompt lab', () => {
  it('configures the local provider, edits Q1, runs both versions, shows the audit and the A/B view', async () => {
    const page = await openApp(browser, server);
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('dataset-root').fill(root);
    await page.getByTestId('dataset-open').click();
    await expect.poll(() => page.getByTestId('count-total').innerText(), { timeout: 30_000 }).toBe('4 videos');

    await page.getByTestId('nav-prompts').click();
    await page.getByTestId('provider-name').fill('local test server');
    await page.getByTestId('provider-url').fill(llm.url);
    await page.getByTestId('provider-model').fill('minicpm-o-2.6');
    await page.getByTestId('provider-key').fill('sk-e2e');
    await page.getByTestId('provider-timeout').fill('5000');
    await page.getByTestId('provider-save').click();
    await expect.poll(() => page.getByTestId('provider-select').locator('option:checked').innerText(), { timeout: 15_000 }).toBe('local test server (minicpm-o-2.6)');

    // Edit Q1 of the paper template: a new version v2.
    await expect.poll(() => page.getByTestId('template-q1').inputValue(), { timeout: 15_000 }).toBe(PAPER_Q1);
    await page.getByTestId('template-q1').fill(EDITED_Q1);
    await page.getByTestId('template-note').fill('shorter scene question');
    await page.getByTestId('template-save').click();
    await expect.poll(() => page.locator('[data-version="SSP paper v2"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('prompts-run-template').innerText(), { timeout: 15_000 }).toBe('SSP paper v2');

    // Try v2 on the first 2 videos, then run it on all (the 2 answered come from the cache), then v1.
    const auditRows = page.locator('[data-testid="audit-table"] tbody tr:not(.text)');
    await page.getByTestId('prompts-first-n').fill('2');
    await page.getByTestId('prompts-run').click();
    await expect.poll(() => auditRows.count(), { timeout: 60_000 }).toBe(2);
    expect(llm.requests).toHaveLength(4);
    await page.getByTestId('prompts-first-n').fill('0');
    await page.getByTestId('prompts-run').click();
    await expect.poll(() => auditRows.count(), { timeout: 60_000 }).toBe(4);
    expect(llm.requests).toHaveLength(8);
    await page.locator('[data-testid="template-versions"] [data-version="SSP paper v1"]').click();
    await expect.poll(() => page.getByTestId('prompts-run-template').innerText(), { timeout: 15_000 }).toBe('SSP paper v1');
    await page.getByTestId('prompts-run').click();
    await expect.poll(() => auditRows.count(), { timeout: 60_000 }).toBe(4);
    await expect.poll(() => page.locator('[data-testid="version-summary"] tbody tr').count(), { timeout: 30_000 }).toBe(2);

    // What the server received: 4 videos x (Q1, Q2) per version, nothing asked twice, frames attached, A1 inside Q2, the key sent.
    expect(llm.requests).toHaveLength(16);
    expect(llm.requests.filter((r) => r.text === EDITED_Q1)).toHaveLength(4);
    expect(llm.requests.filter((r) => r.text === PAPER_Q1)).toHaveLength(4);
    const [before, after] = PAPER_Q2.split('{A1}');
    const q2s = llm.requests.filter((r) => r.text.startsWith(before) && r.text.endsWith(after));
    expect(q2s).toHaveLength(8);
    for (const r of llm.requests) {
      expect(r.images.length).toBe(5);
      expect(r.images.every((u) => u.startsWith('data:image/jpeg;base64,'))).toBe(true);
      expect(r.authorization).toBe('Bearer sk-e2e');
    }

    // The audit shows A1/A2, the nouns and the GT of each video; each A1 shown went out inside that video's Q2.
    const texts = await page.locator('[data-testid="audit-table"] tbody tr.text').allInnerTexts();
    expect(texts).toHaveLength(4);
    for (const t of texts) {
      const [, a1] = /^A1 (.+)\nA2 .+\nGT: /.exec(t) ?? [];
      expect(a1).toBeTruthy();
      expect(q2s.filter((r) => r.text === PAPER_Q2.replace('{A1}', a1))).toHaveLength(1);
    }

    // Template diff v1 -> v2.
    await page.locator('[data-version="SSP paper v1"] [data-testid="diff-a"]').click();
    await page.locator('[data-version="SSP paper v2"] [data-testid="diff-b"]').click();
    await page.getByTestId('template-diff').click();
    await expect.poll(() => page.getByTestId('diff-q1').innerText(), { timeout: 15_000 }).toContain(`+ ${EDITED_Q1}`);
    expect(await page.getByTestId('diff-q1').innerText()).toContain(`- ${PAPER_Q1}`);

    // A/B view, most disagreeing first.
    await page.getByTestId('ab-a').selectOption({ label: 'SSP paper v1' });
    await page.getByTestId('ab-b').selectOption({ label: 'SSP paper v2' });
    await page.getByTestId('ab-compare').click();
    const dis = page.locator('[data-testid="ab-table"] [data-testid="ab-disagreement"]');
    await expect.poll(() => dis.count(), { timeout: 15_000 }).toBe(4);
    const values = (await dis.allInnerTexts()).map(Number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    await page.getByTestId('template-versions').scrollIntoViewIfNeeded();
    await screenshot(page, 'prompts');
    await page.getByTestId('ab-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'prompts-audit-ab');
    expect(uncaughtErrors.get(page)).toEqual([]);
  }, 180_000);
});
