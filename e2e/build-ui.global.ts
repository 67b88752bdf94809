import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Builds the browser UI once before the e2e files run, so they always test the current sources. Each run builds
 * into its own folder (handed to the servers through SSP_E2E_UI_DIR) so parallel runs never serve a half-written build.
 */
export default function setup() {
  const root = path.resolve(__dirname, '..');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-e2e-ui-'));
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn', '--outDir', outDir],
    { cwd: root, stdio: 'inherit' },
  );
  process.env.SSP_E2E_UI_DIR = outDir;
  return () => fs.rmSync(outDir, { recursive: true, force: true });
}
