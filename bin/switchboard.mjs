#!/usr/bin/env node
// Runs the built CLI when there is one, else the TypeScript source through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../out/cli/run.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/run.ts', import.meta.url).href);
}
