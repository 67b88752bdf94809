import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './src-main/hosts/security-policy';

// The Electron build: main (+ the job worker as its own entry), a CommonJS preload (sandboxed preloads
// cannot be ES modules), and the renderer with the CSP as a meta tag since file:// pages get no headers.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve('src-main/hosts/electron/main.ts'), 'job-worker': resolve('src-main/jobs/worker-entry.ts') },
        external: ['better-sqlite3', 'onnxruntime-node', 'sharp', '@techstark/opencv-js', '@ffmpeg-installer/ffmpeg'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/hosts/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [
      svelte({ configFile: resolve('svelte.config.js') }),
      {
        name: 'ssp-csp-meta',
        transformIndexHtml: (html) =>
          html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
      },
    ],
    build: { outDir: 'out/renderer', rollupOptions: { input: resolve('src-renderer/index.html') } },
  },
});
