import type { Session, WebContents } from 'electron';

type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
type GuardedContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/** Denies every permission request and check (camera, notifications, geolocation…): the app needs none. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Keeps the window on the app: no navigation, no webviews, no new windows. https links open in the
 * system browser instead; every other scheme is dropped.
 */
export function lockNavigation(contents: GuardedContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
}
