// Where the Electron binary is, without side effects: `require('electron')` would try to
// download a missing binary (and print noise) before failing. Used by scripts/start.mjs,
// scripts/demo.ts and tests/electron.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary() {
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(path.join(pkgDir, 'package.json'))) return { missing: 'the electron package is not installed' };
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  if (!rel) return { missing: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)' };
  const full = path.join(distDir, rel);
  return existsSync(full) ? { path: full } : { missing: `the Electron binary is missing (${full})` };
}
