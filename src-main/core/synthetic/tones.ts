import { seededRandom } from './rng';
import { toneHz, type VideoPlan } from './scene-plan';

export const SAMPLE_RATE = 16_000;

/** The video's soundtrack: one sine per sounding object at its class's tone, plus faint noise; float samples in [-1, 1]. */
export function renderAudio(plan: VideoPlan, seed: number): Float32Array {
  const rand = seededRandom((seed ^ 0x5eed) + plan.index);
  const sounding = plan.objects.filter((o) => o.sounding);
  const out = new Float32Array(plan.frames * SAMPLE_RATE);
  const amp = 0.6 / Math.max(1, sounding.length);
  for (let n = 0; n < out.length; n++) {
    let s = 0;
    for (const o of sounding) s += amp * Math.sin((2 * Math.PI * toneHz(o.classIndex) * n) / SAMPLE_RATE + o.phase);
    out[n] = s + 0.01 * (rand() * 2 - 1);
  }
  return out;
}
