import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker from `entry` given without extension, relative to `base` (import.meta.url).
 * From source the .ts file is loaded through tsx; in a build the compiled .js sits beside us.
 */
export function spawnWorker(base: string, entry: string, options: WorkerOptions = {}): Worker {
  const ts = new URL(`${entry}.ts`, base);
  if (existsSync(fileURLToPath(ts))) {
    const boot = new URL('./ts-worker-boot.mjs', import.meta.url);
    return new Worker(boot, {
      ...options,
      workerData: { ...(options.workerData as object), __entry: ts.href },
    });
  }
  return new Worker(new URL(`${entry}.js`, base), options);
}
