// Training step time of the engine (tiny config, SSP "full": pre-mask, VTA, post-mask) against the bare backbone's
// forward+backward on the same frames, both measured in the same Python run (bench/engine_step.py).
// Run: node --import tsx bench/engine.bench.ts [extra engine_step.py args, e.g. --size swin-base --image 224]
// The Swin-Base batch-2 224x224 figure needs a GPU machine (docs/engine.md).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const python = process.env.SSP_PYTHON ?? path.resolve('.venv/bin/python');
const script = path.resolve('bench/engine_step.py');
// One thread by default: on a shared 2-core machine two OpenMP threads spin against other processes (20x slower).
const runs = process.argv.length > 2 ? [process.argv.slice(2)] : [['--variant', 'aavs', '--threads', '1'], ['--variant', 'full', '--threads', '1']];

for (const args of runs) {
  const out = execFileSync(python, [script, ...args], { encoding: 'utf8', env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
  const r = JSON.parse(out.trim().split('\n').at(-1) as string);
  console.log(
    `engine ${r.size}/${r.variant}: ${r.step_ms} ms/step (${r.clips} clips x 5 frames, ${r.image}x${r.image}, ${r.device}, ${r.threads} threads)` +
      ` | bare backbone fwd+bwd ${r.backbone_fwd_bwd_ms} ms | ratio ${r.ratio}x (medians, interleaved)`,
  );
}
