import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Compiles TypeScript entry points for child processes into one folder inside the
 * checkout (so their npm imports resolve), the way a build ships them: a child then starts
 * in a fraction of a second instead of paying tsx's compile on every spawn, which on a
 * fresh 2-core machine is most of a crash test's time. Worker entries (spawnWorker) are
 * compiled beside the bundle, where built code looks for them.
 */
export async function compileChildren(name: string, entries: Record<string, string>): Promise<string> {
  const outdir = path.join(ROOT, 'test-results', '.children', name);
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([out, src]) => [out, path.resolve(ROOT, src)])),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.js' },
    logLevel: 'error',
  });
  return outdir;
}
