// Browser entry (web host): installs window.api over HTTP + WebSocket, then starts the same UI.
import { createWebBridge } from './web-bridge';

window.api = createWebBridge(window.location.origin);
await import('./main');
