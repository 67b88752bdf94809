#!/usr/bin/env node
// `npm start`: the desktop app. Fetches the Electron binary on first use (it is downloaded lazily),
// builds, and opens the window. Where Electron cannot be had, it says so and points at the web host.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
const pathTxt = path.join(electronDir, 'path.txt');
const binaryPresent = () => fs.existsSync(pathTxt) && fs.existsSync(path.join(electronDir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim()));

if (!binaryPresent()) {
  console.log('Downloading the Electron binary (first start only)…');
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'inherit' });
}
if (!binaryPresent()) {
  console.error(
    '\nThe Electron binary could not be downloaded (no access to its download host from this machine).\n' +
      'Run the same UI in a browser instead:  npm run serve   (or: bash scripts/demo.sh)\n' +
      'Or set ELECTRON_MIRROR to a reachable mirror and run `npm start` again.',
  );
  process.exit(1);
}
const r = spawnSync('npx', ['electron-vite', 'preview', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
