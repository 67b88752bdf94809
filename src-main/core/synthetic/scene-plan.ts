import { pick, randInt, seededRandom, shuffled } from './rng';

/** The synthetic dataset's classes (index = position; 0 is background), each sounding at its own tone. */
export const SYNTHETIC_CLASSES = ['background', 'dog', 'guitar', 'piano', 'car', 'bird', 'baby', 'violin', 'drum', 'clock'] as const;

/** Tone of a class: a distinct frequency per class, a quarter-octave apart from 330 Hz, none a harmonic of another. */
export const toneHz = (classIndex: number) => Math.round(330 * 2 ** ((classIndex - 1) / 4));

export type Subset = 'v1s' | 'v1m' | 'v2';
export type SplitName = 'train' | 'val' | 'test';

export interface ObjectPlan {
  classIndex: number;
  className: string;
  shape: 'rect' | 'ellipse';
  w: number;
  h: number;
  /** Top-left at frame 0 and velocity in px/frame (0 for stationary objects); objects bounce off the borders. */
  x0: number;
  y0: number;
  vx: number;
  vy: number;
  moving: boolean;
  sounding: boolean;
  /** Base colour and texture phase of the object's pattern. */
  colour: [number, number, number];
  phase: number;
}

export interface VideoPlan {
  index: number;
  vid: string;
  uid: string;
  subset: Subset;
  split: SplitName;
  frames: number;
  startSec: number;
  /** Drawing order: later objects are drawn on top. */
  objects: ObjectPlan[];
  backgroundPhase: number;
}

// First three videos cover all three splits so even a 3-video test dataset has train, val and test.
const SPLIT_CYCLE: SplitName[] = ['train', 'test', 'val', 'train', 'train', 'test', 'train', 'val', 'train', 'train'];
const SUBSET_CYCLE: Subset[] = ['v1s', 'v1m', 'v2'];

/**
 * Plans one video: 2-4 objects of distinct classes, at least one moving and one stationary. v1s has exactly one
 * sounding object; v1m and v2 have one or two. The sounding choice is independent of motion, so the dataset contains
 * moving silent objects and stationary sounding ones (what the optical-flow pre-mask must get wrong or right).
 */
export function planVideo(seed: number, index: number, size: number): VideoPlan {
  const rand = seededRandom((seed * 1_000_003 + index * 7919) >>> 0);
  const subset = SUBSET_CYCLE[index % 3];
  const frames = subset === 'v2' ? 10 : 5;
  const count = randInt(rand, 2, Math.min(4, SYNTHETIC_CLASSES.length - 1));
  const classes = shuffled(rand, SYNTHETIC_CLASSES.slice(1).map((_, i) => i + 1)).slice(0, count);
  const movingFlags = shuffled(rand, [true, false, ...Array.from({ length: count - 2 }, () => rand() < 0.5)]);
  const soundingCount = subset === 'v1s' ? 1 : randInt(rand, 1, 2);
  const soundingSet = new Set(shuffled(rand, classes).slice(0, soundingCount));
  const objects = classes.map((classIndex, k): ObjectPlan => {
    const w = randInt(rand, Math.round(size * 0.16), Math.round(size * 0.3));
    const h = randInt(rand, Math.round(size * 0.16), Math.round(size * 0.3));
    const moving = movingFlags[k];
    const speed = () => randInt(rand, 3, 6) * (rand() < 0.5 ? -1 : 1);
    return {
      classIndex,
      className: SYNTHETIC_CLASSES[classIndex],
      shape: pick(rand, ['rect', 'ellipse'] as const),
      w,
      h,
      x0: randInt(rand, 0, size - w),
      y0: randInt(rand, 0, size - h),
      vx: moving ? speed() : 0,
      vy: moving ? speed() : 0,
      moving,
      sounding: soundingSet.has(classIndex),
      colour: [randInt(rand, 40, 230), randInt(rand, 40, 230), randInt(rand, 40, 230)],
      phase: rand() * Math.PI * 2,
    };
  });
  const vid = `syn${seed.toString(36)}${index.toString(36).padStart(5, '0')}`;
  const startSec = randInt(rand, 0, 50);
  return {
    index,
    vid,
    uid: `${vid}_${startSec}`,
    subset,
    split: SPLIT_CYCLE[index % SPLIT_CYCLE.length],
    frames,
    startSec,
    objects,
    backgroundPhase: rand() * Math.PI * 2,
  };
}

/** Position of an object at frame t, bouncing off the frame borders. */
export function objectBox(o: ObjectPlan, t: number, size: number): { x: number; y: number; w: number; h: number } {
  const bounce = (p0: number, v: number, extent: number) => {
    const span = size - extent;
    if (span <= 0 || v === 0) return p0;
    const period = 2 * span;
    const p = (((p0 + v * t) % period) + period) % period;
    return p <= span ? p : period - p;
  };
  return { x: bounce(o.x0, o.vx, o.w), y: bounce(o.y0, o.vy, o.h), w: o.w, h: o.h };
}
