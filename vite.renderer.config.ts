import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('./src/renderer', import.meta.url));
export const RENDERER_OUT_DIR = fileURLToPath(new URL('./out/renderer', import.meta.url));

/**
 * The app renderer's build, alone: `npm run build:renderer` and the browser harness use it
 * directly; electron.vite.config.ts reuses it for the renderer part of the Electron build.
 */
export const rendererConfig: UserConfig = {
  root,
  // Relative asset URLs: the same build is served by main's app:// protocol and the harness's http server.
  base: './',
  plugins: [react()],
  build: {
    outDir: RENDERER_OUT_DIR,
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  server: { host: '127.0.0.1', strictPort: false },
};

export default defineConfig(rendererConfig);
