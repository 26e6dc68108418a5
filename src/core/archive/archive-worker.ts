import { parentPort, workerData } from 'node:worker_threads';
import { BatchApplier } from './apply/apply-batch';
import { ArchiveError, translateSqliteError } from './errors';
import { type Db, openWorkerConnection } from './open';
import { ArchiveBatch } from './operations';
import { OutboxWriter } from './outbox';
import { QUERIES, type QueryName } from './queries';
import type { WorkerError, WorkerInit, WorkerRequest, WorkerResponse } from './worker-protocol';

// One connection per worker: the writer owns every write, readers serve queries, so neither
// blocks the thread that asked.

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (r: WorkerResponse) => port.postMessage(r);

function toWorkerError(err: unknown): WorkerError {
  const e = translateSqliteError(err, init.file);
  if (e instanceof ArchiveError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

let db: Db;
let applier: BatchApplier | null = null;
let outbox: OutboxWriter | null = null;
try {
  db = openWorkerConnection(init);
  if (init.role === 'writer') {
    applier = new BatchApplier(db);
    outbox = new OutboxWriter(db);
  }
  send({ id: 0, ready: true });
} catch (err) {
  send({ id: 0, ready: false, error: toWorkerError(err) });
  process.exit(0);
}

function handle(req: WorkerRequest): unknown {
  switch (req.kind) {
    case 'write': {
      if (!applier) throw new Error('this worker does not write');
      const parsed = ArchiveBatch.safeParse(req.ops);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ArchiveError(
          'INVALID_OPERATION',
          `Invalid archive operation at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}. Nothing from this batch was written.`,
        );
      }
      const now = req.now ?? Date.now();
      if (!outbox?.isEnabled() || req.fromTeam) return applier.apply(parsed.data, now);
      // Replicating: the batch and its outbox row commit together or not at all.
      const batchApplier = applier;
      const box = outbox;
      return db.transaction(() => {
        const result = batchApplier.apply(parsed.data, now);
        box.append(parsed.data, now);
        return result;
      }).immediate();
    }
    case 'outbox': {
      if (!outbox) throw new Error('this worker does not write');
      if (req.action === 'ack') return outbox.ack(req.seq, req.now);
      if (req.action === 'initialUpload') return outbox.setInitialUpload(req.state);
      return outbox.setEnabled(req.action === 'enable');
    }
    case 'query': {
      const fn = QUERIES[req.name as QueryName] as ((d: Db, a: unknown) => unknown) | undefined;
      if (!fn) throw new ArchiveError('INVALID_OPERATION', `Unknown query ${req.name}`);
      return fn(db, req.args);
    }
    case 'backup':
      // VACUUM INTO reads one snapshot, so writers go on; unlike the backup API it keeps
      // the copy encrypted with the same key (sqlite3mc refuses an unkeyed target).
      db.prepare('VACUUM INTO ?').run(req.target);
      return { target: req.target };
    case 'close':
      db.close();
      return null;
  }
}

port.on('message', (req: WorkerRequest) => {
  try {
    const value = handle(req);
    if (value instanceof Promise) {
      value.then(
        (v) => send({ id: req.id, ok: true, value: v }),
        (err) => send({ id: req.id, ok: false, error: toWorkerError(err) }),
      );
    } else {
      send({ id: req.id, ok: true, value });
      if (req.kind === 'close') port.close();
    }
  } catch (err) {
    send({ id: req.id, ok: false, error: toWorkerError(err) });
  }
});
