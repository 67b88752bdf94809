import { z } from 'zod';
import { method } from '../define';

const FrameKey = z.object({ datasetId: z.number().int().positive(), subset: z.string().min(1).max(255), uid: z.string().min(1).max(1024), t: z.number().int().min(0) });
const VideoKey = FrameKey.omit({ t: true });

export const annotationsContract = {
  'annotations.get': method(
    FrameKey,
    z.object({ width: z.number(), height: z.number(), rle: z.string(), version: z.number(), updatedAt: z.number() }).nullable(),
    'The corrected mask of a frame (RLE of pixel values), or null when the frame was never edited.',
  ),
  'annotations.save': method(
    FrameKey.extend({ width: z.number().int().min(1).max(8192), height: z.number().int().min(1).max(8192), rle: z.string().max(20_000_000) }),
    z.object({ version: z.number() }),
    'Autosave of an edited frame: stored as a new version in the app (the dataset files are never written).',
  ),
  'annotations.edited': method(
    VideoKey.partial({ subset: true, uid: true }),
    z.array(z.object({ subset: z.string(), uid: z.string(), frames: z.array(z.number()) })),
    'Which frames have corrections (per video).',
  ),
  'annotations.export': method(
    z.object({ datasetId: z.number().int().positive(), out: z.string().min(1).max(4096) }),
    z.object({ files: z.number(), frames: z.number(), out: z.string() }),
    'Write every corrected mask as AVSBench-format PNGs into a folder outside the dataset.',
  ),
};
