import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';

export const repoRoot = path.resolve(__dirname, '..');
export const screenshotDir = path.join(repoRoot, 'e2e', 'screenshots');

export interface ServerHandle {
  url: string;
  openUrl: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ssp-e2e-${prefix}-`));
}

/** Starts `ssp-studio serve` as a real separate process, exactly as a user would. */
export async function startServer(opts: { dataDir?: string; args?: string[] } = {}): Promise<ServerHandle> {
  const dataDir = opts.dataDir ?? tempDir('data');
  const uiDir = process.env.SSP_E2E_UI_DIR ? ['--ui-dir', process.env.SSP_E2E_UI_DIR] : [];
  const child = spawn(process.execPath, ['bin/ssp-studio.mjs', 'serve', '--port', '0', '--data-dir', dataDir, ...uiDir, ...(opts.args ?? [])], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<{ url: string; openUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s: ${stderr}`)), 30_000);
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolve(JSON.parse(l));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  return {
    ...first,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Uncaught errors of each page opened by openApp; a test asserts the list is empty. */
export const uncaughtErrors = new WeakMap<Page, string[]>();

export async function openApp(browser: Browser, server: ServerHandle): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  uncaughtErrors.set(page, errors);
  await page.goto(server.openUrl);
  await page.waitForSelector('.shell');
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

const bearer = (server: ServerHandle) => `Bearer ${new URL(server.openUrl).searchParams.get('token') ?? ''}`;

/** Opens the server's /events WebSocket (the push channel the UI listens on); resolves once it is open. */
export async function openEvents(server: ServerHandle): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/events`, { headers: { authorization: bearer(server) } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

/** Opens a video from the Datasets list in the viewer and switches to annotate mode (every frame loaded for editing). */
export async function openForAnnotation(page: Page, videoRowText: string): Promise<void> {
  await page.getByTestId('video-row').filter({ hasText: videoRowText }).first().click();
  await page.getByTestId('viewer-stage').locator('canvas').waitFor();
  await page.getByTestId('annotate-toggle').click();
  await page.getByTestId('tool-brush').waitFor();
}

/** Page coordinates of the centre of frame pixel (x, y) on the viewer stage, for a frame `frameWidth` pixels wide. */
export async function stagePixel(page: Page, frameWidth: number): Promise<(x: number, y: number) => { x: number; y: number }> {
  const box = (await page.getByTestId('viewer-stage').boundingBox())!;
  const scale = box.width / frameWidth;
  return (x, y) => ({ x: box.x + (x + 0.5) * scale, y: box.y + (y + 0.5) * scale });
}

/** Calls the API of a running server the way the UI does (Bearer token instead of the page's cookie). */
export async function api<T = unknown>(server: ServerHandle, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer(server) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.code}: ${body.error?.message}`);
  return body.value as T;
}

/** Kills the server process like a power cut would (no shutdown handlers run) and waits for it to be gone. */
export async function killHard(server: ServerHandle): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    server.process.once('exit', () => resolve());
    server.process.kill('SIGKILL');
  });
}
