import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { windowOptions } from './window-options';
import { denyAllPermissions, lockNavigation } from './hardening';
import { CONTENT_SECURITY_POLICY } from '../security-policy';

describe('Electron hardening', () => {
  it('runs the renderer isolated, sandboxed and without Node', () => {
    const w = windowOptions('/x/preload.cjs').webPreferences!;
    expect(w).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true, nodeIntegrationInWorker: false });
  });

  it('has a CSP without remote sources, inline scripts or eval', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    const script = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(script).toBe("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('blocks navigation, webviews and new windows, and denies every permission', () => {
    const handlers = new Map<string, (e: { preventDefault(): void }) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const opened: string[] = [];
    lockNavigation(
      { setWindowOpenHandler: (h: never) => (openHandler = h), on: (ev: string, h: never) => handlers.set(ev, h) } as never,
      (url) => opened.push(url),
    );
    for (const ev of ['will-navigate', 'will-attach-webview']) {
      let prevented = false;
      handlers.get(ev)!({ preventDefault: () => (prevented = true) });
      expect(prevented, ev).toBe(true);
    }
    expect(openHandler!({ url: 'https://arxiv.org/abs/1' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://arxiv.org/abs/1']);

    let request: ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    denyAllPermissions({ setPermissionRequestHandler: (h: never) => (request = h), setPermissionCheckHandler: (h: never) => (check = h) } as never);
    const answers: boolean[] = [];
    for (const perm of ['media', 'notifications', 'geolocation', 'clipboard-read']) request!(null, perm, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(check!()).toBe(false);
  });

  it('wires the hardening into the shell', () => {
    const main = fs.readFileSync(path.join(__dirname, 'main.ts'), 'utf8');
    expect(main).toMatch(/denyAllPermissions\(session\.defaultSession\)/);
    expect(main).toMatch(/lockNavigation\(win\.webContents/);
  });

  it('keeps electron out of the services', () => {
    const root = path.join(__dirname, '..', '..');
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) { if (!p.includes(path.join('hosts', 'electron'))) walk(p); }
        else if (/\.ts$/.test(e.name) && /from ['"]electron['"]/.test(fs.readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
