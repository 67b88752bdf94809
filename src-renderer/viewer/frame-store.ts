import { colourise, type Pixels } from './colourise';
import { decodeFrame, loadPixels, toCanvas } from './decode';
import { frameSource, layerSource, type LayerDef, type LayerId, type VideoKey } from './layers';

type UrlOf = (route: string, params: Record<string, string | number>) => string;
/** What an overlay is coloured by: the caller's layer as displayed (its kind follows the selected run's task). */
type OverlayOf = Pick<LayerDef, 'id' | 'kind' | 'colour'>;

/**
 * Decoded frames and layer pixels of one video, fetched once and kept, so scrubbing back and forth only redraws.
 * Coloured overlays are cached per kind and colour; changing either recolours from the kept pixels.
 */
export class FrameStore {
  private readonly pixels = new Map<string, Promise<Pixels | null>>();
  private readonly frames = new Map<number, Promise<ImageBitmap>>();
  private readonly overlays = new Map<string, HTMLCanvasElement | null>();
  private readonly ready = new Map<string, Pixels | null>();

  constructor(
    readonly video: VideoKey,
    readonly frameCount: number,
    private readonly url: UrlOf,
    readonly runId: number | null,
  ) {}

  frame(t: number): Promise<ImageBitmap> {
    let p = this.frames.get(t);
    if (!p) {
      const s = frameSource(this.video, t);
      p = decodeFrame(this.url(s.route, s.params));
      this.frames.set(t, p);
    }
    return p;
  }

  layerPixels(id: LayerId, t: number): Promise<Pixels | null> {
    const key = `${id}:${t}`;
    let p = this.pixels.get(key);
    if (!p) {
      // The prediction layers share one source image; the error layer also needs the GT.
      const src = layerSource(id, this.video, t, this.runId);
      const shared = id === 'predMask' || id === 'errors' ? this.layerPixels('pred', t) : null;
      p = shared ?? (src ? loadPixels(this.url(src.route, src.params)).catch(() => null) : Promise.resolve(null));
      p.then((v) => this.ready.set(key, v));
      this.pixels.set(key, p);
    }
    return p;
  }

  /** Replaces a layer's pixels for a frame (the GT being corrected) and drops its coloured overlays. */
  setPixels(id: LayerId, t: number, px: Pixels): void {
    const key = `${id}:${t}`;
    this.pixels.set(key, Promise.resolve(px));
    this.ready.set(key, px);
    for (const k of [...this.overlays.keys()]) if (k.startsWith(`${key}:`) || (id === 'gt' && k.startsWith(`errors:${t}:`))) this.overlays.delete(k);
  }

  /** Pixels already decoded (for hover readouts), without waiting. */
  readyPixels(id: LayerId, t: number): Pixels | null | undefined {
    return this.ready.get(`${id}:${t}`);
  }

  async overlay(layer: OverlayOf, t: number, palette: [number, number, number][]): Promise<HTMLCanvasElement | null> {
    const { id, kind, colour } = layer;
    const key = overlayKey(layer, t);
    if (this.overlays.has(key)) return this.overlays.get(key)!;
    const px = await this.layerPixels(id, t);
    const gt = id === 'errors' ? await this.layerPixels('gt', t) : undefined;
    const canvas = px && (id !== 'errors' || gt) ? toCanvas(px.width, px.height, colourise(kind, px, colour, palette, gt)) : null;
    this.overlays.set(key, canvas);
    return canvas;
  }

  /** Overlay canvas if already built, for the synchronous redraw of a frame change. */
  readyOverlay(layer: OverlayOf, t: number): HTMLCanvasElement | null | undefined {
    return this.overlays.get(overlayKey(layer, t));
  }

  dispose(): void {
    for (const f of this.frames.values()) void f.then((b) => b.close()).catch(() => undefined);
  }
}

/** Starts with `${id}:${t}:`, the prefix setPixels drops. */
const overlayKey = (l: OverlayOf, t: number) => `${l.id}:${t}:${l.kind}:${l.colour}`;
