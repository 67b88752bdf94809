// `npm run bench -- <name>`: runs bench/<name>.bench.ts (or lists the benchmarks when no name is given).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const dir = path.dirname(new URL(import.meta.url).pathname);
const all = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
const wanted = process.argv.slice(2);
if (wanted.length === 0) {
  console.log(`benchmarks: ${all.join(', ')}\nrun one: npm run bench -- <name>`);
  process.exit(0);
}
for (const name of wanted) {
  if (!all.includes(name)) {
    console.error(`No benchmark "${name}". Available: ${all.join(', ')}`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.bench.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
