import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDialogOptions } from 'electron';
import { createApp, type App } from '../../app/compose';
import { generateSyntheticDataset } from '../../services/synthetic/generate-dataset';
import { startTestServer, type TestServer } from '../../services/prompts/testing/openai-compatible-server';
import { electronAppServices } from './host-services';

/** Stands in for Electron's safeStorage: a reversible scramble only this (host) process knows. */
const fakeKeychain = (available = true) => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain: string) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decryptString: (sealed: Buffer) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString(),
});

let dir: string;
let server: TestServer;
const apps: App[] = [];
const call = async (app: App, method: string, input: unknown) => {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as any;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-electron-services-'));
  server = await startTestServer();
});
afterAll(async () => {
  for (const a of apps) a.dispose();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Electron host services (without the Electron binary)', () => {
  it('answers system.pickFolder with the native dialog, and web mode reports it not available', async () => {
    const asked: OpenDialogOptions[] = [];
    let reply = { canceled: false, filePaths: ['/data/AVSBench-semantic'] };
    const electron = createApp({ dataDir: path.join(dir, 'e1'), host: 'electron', ...electronAppServices({ safeStorage: fakeKeychain(), showOpenDialog: async (o) => (asked.push(o), reply) }) });
    const web = createApp({ dataDir: path.join(dir, 'w1'), host: 'web' });
    apps.push(electron, web);
    expect(await call(electron, 'system.pickFolder', { title: 'Pick it' })).toEqual({ available: true, path: '/data/AVSBench-semantic' });
    expect(asked).toEqual([{ title: 'Pick it', properties: ['openDirectory', 'dontAddToRecent'] }]);
    reply = { canceled: true, filePaths: [] };
    expect(await call(electron, 'system.pickFolder', {})).toEqual({ available: true, path: null });
    expect(asked[1].title).toBe('Open a dataset folder');
    expect(await call(web, 'system.pickFolder', {})).toEqual({ available: false, path: null });
    expect((await call(electron, 'system.info', {})).folderDialog).toBe(true);
    expect((await call(web, 'system.info', {})).folderDialog).toBe(false);
  });

  it('seals provider keys with the keychain and hands the opened key to the prompts job worker, never to disk', async () => {
    const { root } = await generateSyntheticDataset({ out: path.join(dir, 'synth'), videos: 3, seed: 5, size: 32 });
    const app = createApp({ dataDir: path.join(dir, 'e2'), host: 'electron', ...electronAppServices({ safeStorage: fakeKeychain(), showOpenDialog: async () => ({ canceled: true, filePaths: [] }) }) });
    apps.push(app);
    const { datasetId } = await call(app, 'datasets.open', { root });
    await app.jobs.idle();
    const provider = await call(app, 'prompts.saveProvider', { name: 'local', baseUrl: server.url, model: 'm', apiKey: 'sk-keychain-42', timeoutMs: 2000, retries: 0, concurrency: 1 });
    const sealed = app.db.prepare('SELECT api_key_sealed FROM prompt_providers').pluck().get() as string;
    expect(sealed).toMatch(/^safe:/);
    expect(fs.existsSync(path.join(dir, 'e2', 'secrets', 'prompts.key'))).toBe(false);
    const [template] = await call(app, 'prompts.templates', {});
    const job = await call(app, 'prompts.run', { templateId: template.id, providerId: provider.id, datasetId, backoffMs: 1 });
    await app.jobs.idle();
    // The worker is a plain Node process without the keychain: it can only have got the key from the host.
    expect(app.jobs.get(job.id)).toMatchObject({ state: 'done', result: { failed: 0 } });
    expect(server.requests.length).toBeGreaterThan(0);
    for (const r of server.requests) expect(r.authorization).toBe('Bearer sk-keychain-42');
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of fs.readdirSync(path.join(dir, 'e2'))) {
      if (fs.statSync(path.join(dir, 'e2', f)).isFile()) expect(fs.readFileSync(path.join(dir, 'e2', f)).includes('sk-keychain-42'), f).toBe(false);
    }
  });

  it('falls back to the key file when the keychain is not available', () => {
    expect(electronAppServices({ safeStorage: fakeKeychain(false), showOpenDialog: async () => ({ canceled: true, filePaths: [] }) }).secrets).toBeUndefined();
  });
});
