#!/usr/bin/env node
// Runs the built CLI when there is one, else the TypeScript source through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../out/cli/run.js', import.meta.url);
// `demo` needs the WhatsApp Web simulator, which only a source checkout has
const demo = new URL('../scripts/headless-demo.ts', import.meta.url);
if (process.argv[2] === 'demo' && existsSync(demo)) {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(demo.href);
  process.exitCode = await main(process.argv.slice(3));
} else if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/run.ts', import.meta.url).href);
}
