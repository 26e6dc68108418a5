// Loads a TypeScript worker entry when running from source (tests, CLI via tsx).
// Built code spawns the compiled .js entry directly and never loads this file.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.__entry);
