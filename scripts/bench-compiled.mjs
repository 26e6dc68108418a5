// Runs a benchmark as the product ships: bundled by esbuild with the archive's worker beside
// it, then started by plain node. Under tsx every archive worker thread also runs tsx's
// loader, which keeps each one busy while idle (20 idle archives took a quarter of a core):
// a benchmark with many desktops would be measuring the dev tooling.
// Usage: node scripts/bench-compiled.mjs bench/team.bench.ts [-- args]
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/bench-compiled.mjs <bench/x.bench.ts> [args]');
  process.exit(2);
}
const name = path.basename(entry).replace(/\.bench\.ts$|\.ts$/, '');
// two levels below the checkout, like src/<dir>/: paths the code derives from its own location hold
const outdir = path.join(root, 'out', 'bench');
await build({
  entryPoints: { [name]: path.resolve(root, entry), 'archive-worker': path.join(root, 'src/core/archive/archive-worker.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
});
const child = spawn(process.execPath, [path.join(outdir, `${name}.js`), ...args.filter((a) => a !== '--')], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
