/**
 * One CSP for both hosts: no remote content, no inline scripts, no eval. Media and connections go only to
 * the app itself (http(s)/ws on the same origin, or the ssp-media: protocol in Electron). Konva needs
 * blob:/data: images for rendered masks; Svelte needs inline styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: ssp-media:",
  "media-src 'self' blob: ssp-media:",
  "connect-src 'self' ssp-media:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
