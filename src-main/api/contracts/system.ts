import { z } from 'zod';
import { method } from '../define';

export const DependencyStatus = z.object({
  name: z.string(),
  ok: z.boolean(),
  /** What was found (path, version) or why not. */
  detail: z.string(),
  /** How to get it, shown when ok is false. */
  fix: z.string().optional(),
  /** Whether the app works without it (a warning rather than an error). */
  optional: z.boolean(),
});
export type DependencyStatus = z.infer<typeof DependencyStatus>;

export const systemContract = {
  'system.info': method(
    z.object({}),
    z.object({
      version: z.string(),
      host: z.enum(['electron', 'web']),
      dataDir: z.string(),
      platform: z.string(),
      /** Whether `system.pickFolder` can show a native folder dialog (Electron); otherwise the UI offers the path entry only. */
      folderDialog: z.boolean(),
    }),
    'Version, host kind and data folder of the running app.',
  ),
  'system.dependencies': method(
    z.object({}),
    z.array(DependencyStatus),
    'What the app found of its external pieces (ffmpeg, onnxruntime providers, Python engine, Electron) and how to get what is missing.',
  ),
  'system.pickFolder': method(
    z.object({ title: z.string().max(200).optional() }),
    z.object({ available: z.boolean(), path: z.string().nullable() }),
    'A native folder dialog (Electron host): the chosen folder, or null when cancelled; available false in web mode.',
  ),
};
