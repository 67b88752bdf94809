import { z } from 'zod';

/**
 * Every user setting with its default. Domains add a section here; unknown keys in the store are ignored
 * so an older app version can open a newer database.
 */
export const Settings = z.object({
  ui: z
    .object({
      theme: z.enum(['dark', 'light']).default('dark'),
      /** Last dataset folder opened, reopened at start. */
      lastDatasetRoot: z.string().nullable().default(null),
    })
    .prefault({}),
  tools: z
    .object({
      /** Explicit ffmpeg binary; empty means search (ffmpeg-static, then PATH). */
      ffmpegPath: z.string().default(''),
      /** Python interpreter for the training engine; empty means the project's .venv, then python3. */
      pythonPath: z.string().default(''),
    })
    .prefault({}),
  flow: z
    .object({
      backend: z.string().default('farneback'),
      /** Gray level (0..255) of the flow-magnitude image above which a pixel counts as moving (M_O). */
      threshold: z.number().min(0).max(255).default(32),
      thresholdMode: z.enum(['fixed', 'otsu', 'percentile']).default('fixed'),
      percentile: z.number().min(0).max(100).default(90),
    })
    .prefault({}),
});
export type Settings = z.infer<typeof Settings>;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type SettingsPatchT = DeepPartial<Settings>;

/** A patch names only the sections and keys it changes. */
export const SettingsPatch = z.object(
  Object.fromEntries(
    Object.entries(Settings.shape).map(([k, v]) => [k, (v.unwrap() as z.ZodObject).partial().strict().optional()]),
  ) as { [K in keyof typeof Settings.shape]: z.ZodOptional<z.ZodObject> },
).strict();
