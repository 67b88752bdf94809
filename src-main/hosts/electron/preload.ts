// Sandboxed preload: exposes exactly the RendererBridge, nothing of Node or Electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RendererBridge } from '../../api/client';
import type { AppEvent } from '../../api/events';
import { IPC_EVENT, IPC_INVOKE, MEDIA_SCHEME } from './window-options';

const bridge: RendererBridge = {
  host: 'electron',
  invoke: (method, payload) => ipcRenderer.invoke(IPC_INVOKE, method, payload),
  onEvent(listener) {
    const h = (_e: IpcRendererEvent, event: AppEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT, h);
    return () => ipcRenderer.removeListener(IPC_EVENT, h);
  },
  mediaUrl(route, params) {
    const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    return `${MEDIA_SCHEME}://media/${route}?${q}`;
  },
};

contextBridge.exposeInMainWorld('api', bridge);
