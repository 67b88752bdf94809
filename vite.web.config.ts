import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';

// The browser build of the renderer: the same UI, started by web-entry.ts, which installs window.api over HTTP.
const useWebEntry: Plugin = {
  name: 'ssp-web-entry',
  // 'pre' so the swap happens before Vite resolves the entry script.
  transformIndexHtml: { order: 'pre', handler: (html) => html.replace('./main.ts', './web-entry.ts') },
};

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [svelte({ configFile: resolve('svelte.config.js') }), useWebEntry],
  build: { outDir: '../out/web', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
});
