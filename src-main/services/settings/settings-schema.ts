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
const JobsSettings = z.object({
  /** Jobs run at once (each in its own process); read at start. Flow and training each use the cores they get. */
  concurrency: z.number().int().min(1).max(8).default(1),
});

export const Settings = z.object({
  ui: UiSettings.prefault({}),
  tools: ToolsSettings.prefault({}),
  jobs: JobsSettings.prefault({}),
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
  jobs: patchOf(JobsSettings),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
