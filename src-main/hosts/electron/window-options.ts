import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The BrowserWindow settings, kept free of Electron runtime imports so a unit test can assert the
 * hardening: isolated, sandboxed renderer without Node, no webview, no remote content.
 */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'SSP Studio',
    backgroundColor: '#15171c',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  };
}

export const IPC_INVOKE = 'api:invoke';
export const IPC_EVENT = 'api:event';
export const MEDIA_SCHEME = 'ssp-media';
