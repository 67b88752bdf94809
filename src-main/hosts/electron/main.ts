// Electron shell: a window, the IPC channel and the media protocol, all delegating to the shared app core.
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../app/compose';
import { resolveDataDir } from '../../app/data-dir';
import { toErrorBody } from '../../api/errors';
import { denyAllPermissions, lockNavigation } from './hardening';
import { electronAppServices } from './host-services';
import { parseRange } from '../media-range';
import { IPC_EVENT, IPC_INVOKE, MEDIA_SCHEME, windowOptions } from './window-options';

const here = path.dirname(fileURLToPath(import.meta.url));

protocol.registerSchemesAsPrivileged([
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

app.whenReady().then(() => {
  let dialogParent: BrowserWindow | undefined;
  const core = createApp({
    dataDir: resolveDataDir(process.env.SSP_STUDIO_DATA ?? app.getPath('userData')),
    host: 'electron',
    // The dialog is modal to the window once it exists; it is only asked for from the window's UI.
    ...electronAppServices({ safeStorage, showOpenDialog: (o) => (dialogParent ? dialog.showOpenDialog(dialogParent, o) : dialog.showOpenDialog(o)) }),
  });
  // Same meaning as `serve --open-dataset`: the UI opens this folder at start (scripts/demo.sh sets it).
  if (process.env.SSP_STUDIO_OPEN_DATASET) core.settings.update({ ui: { lastDatasetRoot: path.resolve(process.env.SSP_STUDIO_OPEN_DATASET) } });
  const rendererUrl = process.env.ELECTRON_RENDERER_URL; // set by `electron-vite dev`
  const rendererFile = path.join(here, '../renderer/index.html');

  denyAllPermissions(session.defaultSession);

  const win = new BrowserWindow(windowOptions(path.join(here, '../preload/index.cjs')));
  dialogParent = win;
  win.once('ready-to-show', () => win.show());
  lockNavigation(win.webContents, (url) => void shell.openExternal(url));

  const fromOurWindow = (frameUrl: string | undefined) =>
    !!frameUrl && (rendererUrl ? frameUrl.startsWith(rendererUrl) : frameUrl.startsWith('file://'));
  ipcMain.handle(IPC_INVOKE, (e, method: string, payload: unknown) => {
    if (!fromOurWindow(e.senderFrame?.url)) return { ok: false, error: { code: 'forbidden', message: 'IPC from an unknown frame.' } };
    return core.dispatch(method, payload);
  });
  const unsubscribe = core.events.on((event) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, event);
  });

  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    try {
      const m = await core.media.handle(url.pathname.replace(/^\//, ''), url.searchParams);
      const headers = { 'content-type': m.contentType, 'accept-ranges': 'bytes' };
      const r = parseRange(request.headers.get('range') ?? '', m.body.length);
      if (r) return new Response(m.body.subarray(r.start, r.end + 1) as BodyInit, { status: 206, headers: { ...headers, 'content-range': `bytes ${r.start}-${r.end}/${m.body.length}` } });
      return new Response(m.body as BodyInit, { headers });
    } catch (err) {
      const body = toErrorBody(err);
      return new Response(JSON.stringify(body), { status: body.code === 'not_found' ? 404 : 422 });
    }
  });

  if (rendererUrl) void win.loadURL(rendererUrl);
  else void win.loadFile(rendererFile);

  app.on('window-all-closed', () => {
    unsubscribe();
    core.dispose();
    app.quit();
  });
});
