import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../src/core/archive/key';
import { openDatabase } from '../../src/core/archive/open';
import { compileChildren } from '../helpers/compile-child';
import { tempDir } from '../helpers/temp';
import { MESSAGES_PER_BATCH, crashBatch } from './fixtures/crash-batches';

const KILLS = 50;
let writer = '';

// The writer and its archive worker run compiled, as in a build: 50 spawns through tsx
// would spend most of the test compiling TypeScript, and far more on a cold machine.
beforeAll(async () => {
  const dir = await compileChildren('crash-writer', {
    'crash-writer': 'tests/integration/fixtures/crash-writer.ts',
    'archive-worker': 'src/core/archive/archive-worker.ts',
  });
  writer = path.join(dir, 'crash-writer.js');
});

interface Run {
  acked: number[];
}

/** Starts a writer, lets it commit for a random moment after it is ready, then SIGKILLs it. */
function runAndKill(file: string, key: Buffer, first: number, replay: number, killAfterMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file, key.toString('hex'), String(first), String(replay)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: number[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += String(d); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      // The delay only picks a random moment to kill; nothing waits on it for correctness.
      if (line === 'READY') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      else if (line.startsWith('ACK ')) acked.push(Number(line.slice(4)));
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve({ acked });
      else reject(new Error(`writer exited on its own (${signal ?? _code}): ${stderr}`));
    });
  });
}

function inspect(file: string, key: Buffer) {
  const db = openDatabase(file, key);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const perBatch = new Map<number, number>();
    for (const { wa_id } of db.prepare('SELECT wa_id FROM messages').all() as { wa_id: string }[]) {
      const b = Math.floor(Number(wa_id.slice(1)) / MESSAGES_PER_BATCH);
      perBatch.set(b, (perBatch.get(b) ?? 0) + 1);
    }
    const counts = db.prepare(`SELECT (SELECT count(*) FROM messages) AS messages,
      (SELECT count(DISTINCT wa_id) FROM messages) AS distinctIds,
      (SELECT count(*) FROM message_fts WHERE message_fts MATCH 'text : precio') AS indexed,
      (SELECT count(*) FROM revisions) AS revisions`).get() as { messages: number; distinctIds: number; indexed: number; revisions: number };
    // what the team server would be sent: exactly the messages committed, never one more or less
    const queued = new Set<string>();
    for (const { ops } of db.prepare('SELECT ops FROM team_outbox').all() as { ops: string }[]) {
      for (const op of JSON.parse(ops) as Array<{ op: string; message?: { id: string } }>) if (op.message) queued.add(op.message.id);
    }
    const committed = (db.prepare('SELECT wa_id FROM messages ORDER BY wa_id').all() as { wa_id: string }[]).map((r) => r.wa_id);
    return { integrity, perBatch, ...counts, outboxMatches: committed.length === queued.size && committed.every((id) => queued.has(id)) };
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs of a writer mid-batch: acknowledged batches kept, batches atomic with their outbox rows, replays never duplicate`, async () => {
    const file = path.join(tempDir(), 'archive.db');
    const key = generateKey();
    let next = 0;
    let everAcked = -1;
    for (let k = 0; k < KILLS; k++) {
      const replay = Math.floor(Math.random() * 3);
      const { acked } = await runAndKill(file, key, next, Math.min(replay, next), Math.floor(Math.random() * 40));
      everAcked = Math.max(everAcked, ...acked);
      const state = inspect(file, key);
      expect(state.integrity).toBe('ok');
      for (let b = 0; b <= everAcked; b++) expect(state.perBatch.get(b), `batch ${b} acknowledged, then lost`).toBe(MESSAGES_PER_BATCH);
      for (const [b, n] of state.perBatch) expect(n, `batch ${b} half-written`).toBe(MESSAGES_PER_BATCH);
      expect(state.distinctIds).toBe(state.messages);
      expect(state.indexed).toBe(state.messages);
      expect(state.outboxMatches, 'every committed message is in the outbox, nothing else is').toBe(true);
      next = everAcked + 1; // the batch in flight may or may not have committed: write it again
    }
    expect(everAcked).toBeGreaterThan(0);

    const before = inspect(file, key);
    const archive = await Archive.open({ file, keys: staticKeyProvider(key) });
    try {
      const last = Math.max(...before.perBatch.keys());
      for (let b = 0; b <= last; b++) await archive.write(crashBatch(b));
    } finally {
      await archive.close();
    }
    const after = inspect(file, key);
    expect(after.messages).toBe(before.messages);
    expect(after.indexed).toBe(before.messages);
    expect(after.revisions).toBe(before.revisions);
    expect(after.integrity).toBe('ok');
  });
});
