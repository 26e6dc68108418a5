import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

/**
 * The Electron build (`npm run build`, no Electron binary needed):
 * - main: ESM (package.json is "type": "module"); the archive worker is its own entry
 *   next to index.js because src/core/util/worker.ts starts it by a path relative to the
 *   module that spawns it, so every main chunk stays in out/main (no chunks/ subfolder).
 *   npm dependencies stay external (the native SQLite module must be required, not bundled).
 * - preload: CommonJS, one self-contained file per preload — sandboxed preloads can only
 *   `require('electron')`, neither ESM nor a shared chunk.
 * - renderer: the UI's own Vite config (vite.renderer.config.ts), unchanged.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      sourcemap: true,
      rolldownOptions: {
        input: {
          index: src('main/index.ts'),
          'archive-worker': src('core/archive/archive-worker.ts'),
        },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      isolatedEntries: true,
      externalizeDeps: false,
      rolldownOptions: {
        input: {
          app: src('preload/app.ts'),
          account: src('preload/account.ts'),
        },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
        },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      rolldownOptions: {
        input: fileURLToPath(new URL('./src/renderer/index.html', import.meta.url)),
      },
    },
  },
});
