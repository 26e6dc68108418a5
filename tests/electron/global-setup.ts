import { spawnSync } from 'node:child_process';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { ROOT } from './harness';

/** Builds the app the tests launch (main, preloads, renderer); nothing to do without Electron. */
export default function globalSetup(): void {
  const bin = findElectronBinary();
  if ('missing' in bin) {
    console.warn(`\n[electron e2e] skipping every test: ${bin.missing}.\n`);
    return;
  }
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('electron-vite build failed; see above.');
}
