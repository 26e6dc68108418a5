import { build } from 'esbuild';
import path from 'node:path';

/**
 * Bundles entry points (plus the archive worker, which the bundle starts from the same
 * folder) into plain ESM under out/bench, so a benchmark measures compiled code as the app
 * runs it rather than TypeScript compiled on the fly.
 */
export async function bundleForBench(entries: Record<string, string>): Promise<string> {
  const outdir = path.resolve('out/bench');
  await build({
    entryPoints: { ...entries, 'archive-worker': 'src/core/archive/archive-worker.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outdir;
}
