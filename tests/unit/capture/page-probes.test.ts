import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { pageAnswers, stuckSocketState } from '../../../src/core/capture/page-probes';
import { ManualClock } from '../../../src/core/util/clock';

/** A page whose every evaluate() ends as `answer` says (never: it hangs). */
function fakePage(answer: { value: unknown } | { error: Error } | 'never'): Page {
  const evaluate = () => {
    if (answer === 'never') return new Promise<never>(() => undefined);
    return 'error' in answer ? Promise.reject(answer.error) : Promise.resolve(answer.value);
  };
  return { evaluate } as unknown as Page;
}

describe('page probes', () => {
  it('names the socket state of a page stuck in a blocked or conflicting session', async () => {
    expect(await stuckSocketState(fakePage({ value: 'TOS_BLOCK' }))).toBe('TOS_BLOCK');
    expect(await stuckSocketState(fakePage({ value: 'SMB_TOS_BLOCK' }))).toBe('SMB_TOS_BLOCK');
    expect(await stuckSocketState(fakePage({ value: 'CONFLICT' }))).toBe('CONFLICT');
  });

  it('does not call a connecting, connected or unreadable page stuck', async () => {
    expect(await stuckSocketState(fakePage({ value: 'CONNECTED' }))).toBeNull();
    expect(await stuckSocketState(fakePage({ value: 'OPENING' }))).toBeNull();
    expect(await stuckSocketState(fakePage({ error: new Error('Execution context was destroyed') }))).toBeNull();
  });

  it('a page that answers is alive; one that throws or hangs past the timeout is not', async () => {
    const clock = new ManualClock();
    expect(await pageAnswers(fakePage({ value: 1 }), 10_000, clock)).toBe(true);
    expect(await pageAnswers(fakePage({ error: new Error('Target closed') }), 10_000, clock)).toBe(false);
    const hung = pageAnswers(fakePage('never'), 10_000, clock);
    clock.advance(10_000);
    expect(await hung).toBe(false);
  });
});
