import { z } from 'zod';

/**
 * Every user setting with its default, one section per domain. A domain adds its section schema and
 * one line to each of `Settings` and `SettingsPatch`; unknown keys in the store are ignored.
 */
const UiSettings = z.object({
  theme: z.enum(['dark', 'light']).default('dark'),
  /** Last dataset folder opened, reopened at start. */
  lastDatasetRoot: z.string().nullable().default(null),
});
const ToolsSettings = z.object({
  /** Explicit ffmpeg binary; empty means search (@ffmpeg-installer, then PATH). */
  ffmpegPath: z.string().default(''),
  /** Python interpreter for the training engine; empty means the project's .venv, then python3. */
  pythonPath: z.string().default(''),
});
const FlowSettings = z.object({
  backend: z.string().default('farneback'),
  /** Gray level (0..255) of the flow-magnitude image above which a pixel counts as moving (M_O). */
  threshold: z.number().min(0).max(255).default(32),
  thresholdMode: z.enum(['fixed', 'otsu', 'percentile']).default('fixed'),
  percentile: z.number().min(0).max(100).default(90),
});

export const Settings = z.object({
  ui: UiSettings.prefault({}),
  tools: ToolsSettings.prefault({}),
  flow: FlowSettings.prefault({}),
});
export type Settings = z.infer<typeof Settings>;

/** A section's patch: every key optional and *without* its default, so unnamed keys stay untouched. */
function patchOf<S extends z.ZodObject>(section: S): z.ZodOptional<z.ZodType<Partial<z.output<S>>>> {
  const shape = Object.fromEntries(
    Object.entries(section.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)).optional()]),
  );
  return (z.object(shape).strict() as unknown as z.ZodType<Partial<z.output<S>>>).optional();
}

/** A patch names only the sections and keys it changes. */
export const SettingsPatch = z
  .object({
  ui: patchOf(UiSettings),
  tools: patchOf(ToolsSettings),
  flow: patchOf(FlowSettings),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
