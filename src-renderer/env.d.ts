/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { RendererBridge } from '../src-main/api/client';

declare global {
  interface Window {
    api: RendererBridge;
  }
}
export {};
