import { z } from 'zod';
import { ThresholdSpec, type MaskSettings } from '../../api/contracts/flow';
import { AppError } from '../../api/errors';
import type { MediaResponse, MediaRoutes } from '../../app/media-routes';
import { flowToColour } from '../../core/flow/colour-wheel';
import { resizeRgb } from '../../core/flow/resize';
import { binaryToPng, postMask, preMask, preMaskToPng } from '../../core/masks/ssp-masks';
import type { DatasetAccess } from '../datasets/dataset-access';
import { grayPng, rgbPng } from './frame-io';
import type { VideoFlow } from './video-flow';

const FrameParams = z.object({
  datasetId: z.coerce.number().int().positive(),
  subset: z.string().min(1),
  uid: z.string().min(1),
  t: z.coerce.number().int().min(0),
  /** Optional JSON ThresholdSpec overriding the saved one (the panel's live preview); nothing is cached then. */
  threshold: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'threshold must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(ThresholdSpec)
    .optional(),
});

const png = (body: Uint8Array): MediaResponse => ({ contentType: 'image/png', body, maxAge: 0 });

/**
 * The viewer's flow layers for frame t of a video, as PNGs at the frames' size:
 * flow/mask_o, flow/mask_pre (0/128/255), flow/mask_post (need a label at t), flow/gray (the Eq. 1 image),
 * flow/field (Middlebury colour wheel of the flow leaving frame t; the last frame shows the flow entering it).
 * Masks come from the cache and are computed (and cached) on first request.
 */
export function registerFlowMedia(media: MediaRoutes, datasets: DatasetAccess, vf: VideoFlow, settings: () => MaskSettings): void {
  const load = async (params: URLSearchParams) => {
    const parsed = FrameParams.safeParse(Object.fromEntries(params));
    if (!parsed.success) throw new AppError('validation', `Bad flow media parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const p = parsed.data;
    const video = await datasets.files(p.datasetId, p);
    if (p.t >= video.frames.length) throw new AppError('not_found', `Video ${p.subset}/${p.uid} has ${video.frames.length} frames; there is no frame ${p.t}.`);
    return { p, video, s: settings() };
  };
  const maskAt = async (params: URLSearchParams) => {
    const { p, video, s } = await load(params);
    const mO = p.threshold
      ? vf.motion(await vf.flow(p.datasetId, video, s), { scale: s.scale, threshold: p.threshold }).masks[p.t]
      : (await vf.masks(p.datasetId, video, s)).stack.masks[p.t];
    return { p, video, mO };
  };
  const gtAt = async (params: URLSearchParams) => {
    const { p, video, mO } = await maskAt(params);
    const gt = (await vf.groundTruth(video, mO))[p.t];
    if (!gt) throw new AppError('not_found', `Frame ${p.t} of ${p.subset}/${p.uid} has no label, so it has no M_Pre / M_Post.`);
    return { mO, gt };
  };

  media.register('flow/mask_o', async (params) => {
    const { mO } = await maskAt(params);
    return png(await grayPng(mO, binaryToPng(mO)));
  });
  media.register('flow/mask_pre', async (params) => {
    const { mO, gt } = await gtAt(params);
    return png(await grayPng(mO, preMaskToPng(preMask(mO, gt))));
  });
  media.register('flow/mask_post', async (params) => {
    const { mO, gt } = await gtAt(params);
    return png(await grayPng(mO, binaryToPng(postMask(mO, gt))));
  });
  media.register('flow/gray', async (params) => {
    const { p, video, s } = await load(params);
    const { gray } = vf.frameMotion(await vf.flow(p.datasetId, video, s), s)[p.t];
    return png(await grayPng(gray, Uint8Array.from(gray.data, (v) => Math.round(v))));
  });
  media.register('flow/field', async (params) => {
    const { p, video, s } = await load(params);
    const flow = await vf.flow(p.datasetId, video, s);
    const field = flow.flows[Math.min(p.t, flow.flows.length - 1)];
    // Coloured at the work size, where `scale` is defined, then enlarged to the frame size.
    return png(await rgbPng(resizeRgb(flowToColour(field, s.scale), flow.native.width, flow.native.height)));
  });
}
