// Runs a benchmark as the product ships: bundled (bundleForBench, with the archive's worker
// beside it) and started by plain node. Under tsx every archive worker thread also runs
// tsx's loader, which keeps each one busy while idle (20 idle archives took a quarter of a
// core): a benchmark with many desktops would be measuring the dev tooling.
// Usage: tsx bench/lib/run-bundled.ts bench/x.bench.ts [-- args]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { bundleForBench } from './bundle';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: tsx bench/lib/run-bundled.ts <bench/x.bench.ts> [args]');
  process.exit(2);
}
const name = path.basename(entry).replace(/\.bench\.ts$|\.ts$/, '');
const outdir = await bundleForBench({ [name]: entry });
const child = spawn(process.execPath, [path.join(outdir, `${name}.js`), ...args.filter((a) => a !== '--')], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
