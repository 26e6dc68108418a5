import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../util/worker';
import { ArchiveError } from './errors';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './worker-protocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Req = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Request/response over one archive worker; a crash rejects everything in flight. */
export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: WorkerResponse) => {
      if (!('ok' in msg)) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new ArchiveError(msg.error.code === 'INTERNAL' ? 'INVALID_OPERATION' : msg.error.code, msg.error.message));
    });
    const fail = (err: unknown) => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new ArchiveError('CLOSED', 'The archive was closed.')));
  }

  static start(init: WorkerInit): Promise<WorkerClient> {
    const worker = spawnWorker(import.meta.url, './archive-worker', { workerData: init });
    return new Promise((resolve, reject) => {
      const onMessage = (msg: WorkerResponse) => {
        if (msg.id !== 0 || !('ready' in msg)) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        if (msg.ready) resolve(new WorkerClient(worker));
        else {
          void worker.terminate();
          reject(new ArchiveError(msg.error.code === 'INTERNAL' ? 'CORRUPT' : msg.error.code, msg.error.message));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  call<T>(req: Req): Promise<T> {
    if (this.closed) return Promise.reject(new ArchiveError('CLOSED', 'The archive is closed.'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.call({ kind: 'close' });
    } catch {
      // already gone
    }
    this.closed = true;
    await this.worker.terminate();
  }
}
