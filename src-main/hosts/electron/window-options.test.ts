import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { windowOptions } from './window-options';
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

  it('blocks navigation, new windows and permission requests in the shell', () => {
    const main = fs.readFileSync(path.join(__dirname, 'main.ts'), 'utf8');
    expect(main).toMatch(/setWindowOpenHandler\([^]*action: 'deny'/);
    expect(main).toMatch(/'will-navigate', \(e\) => e\.preventDefault\(\)/);
    expect(main).toMatch(/setPermissionRequestHandler\(\(_wc, _perm, cb\) => cb\(false\)\)/);
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
