import { AppError } from '../api/errors';

/** A piece of media (frame, mask, waveform, audio) answered to a GET from the UI. */
export interface MediaResponse {
  contentType: string;
  body: Uint8Array;
  /** Seconds the browser may cache it; derived layers that can change use 0. */
  maxAge?: number;
}

export type MediaHandler = (params: URLSearchParams) => Promise<MediaResponse> | MediaResponse;

/**
 * Named routes for binary media. The web host serves them at /media/<route>?..., the Electron host through
 * the ssp-media:// protocol; the renderer builds URLs with window.api.mediaUrl(route, params). Handlers get
 * only query parameters and resolve files themselves, confined to the dataset root or the data folder.
 */
export class MediaRoutes {
  private readonly routes = new Map<string, MediaHandler>();

  register(route: string, handler: MediaHandler): void {
    if (!/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/.test(route)) throw new Error(`Bad media route name "${route}".`);
    if (this.routes.has(route)) throw new Error(`Media route "${route}" is registered twice.`);
    this.routes.set(route, handler);
  }

  async handle(route: string, params: URLSearchParams): Promise<MediaResponse> {
    const h = this.routes.get(route);
    if (!h) throw new AppError('not_found', `No media route "${route}".`);
    return h(params);
  }
}
