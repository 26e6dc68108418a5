import { describe, expect, it } from 'vitest';
import { MediaQueue } from '../../../src/core/capture/media-queue';
import type { ArchiveOpInput } from '../../../src/core/archive/operations';
import type { WMessage } from '../../../src/core/capture/wwebjs';
import { tempDir } from '../../helpers/temp';

interface Download { data: string; mimetype: string; filename: string | null }

/** A message whose download finishes only when the test says so. */
function heldMessage(id: string): { msg: WMessage; release: (d: Download) => void; started: Promise<void> } {
  let release!: (d: Download) => void;
  let markStarted!: () => void;
  const started = new Promise<void>((r) => { markStarted = r; });
  const done = new Promise<Download>((r) => { release = r; });
  const msg = {
    id: { _serialized: id },
    hasMedia: true,
    rawData: { size: 3, mimetype: 'image/png' },
    downloadMedia: () => { markStarted(); return done; },
  } as unknown as WMessage;
  return { msg, release, started };
}

describe('MediaQueue', () => {
  it('stop() lets the running download finish and drops the waiting ones quietly', async () => {
    const written: ArchiveOpInput[] = [];
    const problems: string[] = [];
    const q = new MediaQueue({
      accountId: 'acc',
      mediaDir: tempDir(),
      concurrency: 1,
      write: async (ops) => { written.push(...ops); },
      onProblem: (id, reason) => problems.push(`${id}: ${reason}`),
    });
    const first = heldMessage('m1');
    const waiting = [heldMessage('m2'), heldMessage('m3')];
    expect(q.enqueue(first.msg)).toBe(true);
    for (const w of waiting) expect(q.enqueue(w.msg)).toBe(true);
    await first.started;

    // Waiting tasks are rejected by the queue with an AbortError; none may escape unhandled
    // (vitest fails the run on an unhandled rejection).
    q.stop();
    expect(q.room).toBe(0);
    first.release({ data: Buffer.from('abc').toString('base64'), mimetype: 'image/png', filename: null });
    await q.idle();

    expect(written.map((op) => op.op === 'media' ? [op.messageId, op.status] : null)).toEqual([['m1', 'stored']]);
    expect(problems).toEqual([]);
    expect(q.size).toBe(0);
    // The dropped ones are not "known": the next session hands them over again.
    expect(q.knows('m2')).toBe(false);
    expect(q.knows('m3')).toBe(false);
  });

  it('reports a download whose outcome could not be written, instead of losing the error', async () => {
    const problems: string[] = [];
    const q = new MediaQueue({
      accountId: 'acc',
      mediaDir: tempDir(),
      write: async () => { throw new Error('archive closed'); },
      onProblem: (id, reason) => problems.push(`${id}: ${reason}`),
    });
    const m = heldMessage('m1');
    q.enqueue(m.msg);
    m.release({ data: Buffer.from('abc').toString('base64'), mimetype: 'image/png', filename: null });
    await q.idle();
    expect(problems.some((p) => p.startsWith('m1: ') && p.includes('archive closed'))).toBe(true);
  });
});
