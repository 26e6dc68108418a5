import { describe, expect, it } from 'vitest';
import { blockInReview, type KeyInput } from '../../../src/main/policy/review-mode';

const key = (k: string, over: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown', key: k, control: false, alt: false, meta: false, shift: false, isComposing: false, ...over,
});

describe('review mode input blocking', () => {
  it('lets everything through when review mode is off', () => {
    expect(blockInReview(key('a'), false)).toBe(false);
    expect(blockInReview(key('Enter'), false)).toBe(false);
  });

  it.each(['a', '中', 'Enter', 'Backspace', 'Delete', ' ', '1'])('blocks typing %j', (k) => {
    expect(blockInReview(key(k), true)).toBe(true);
  });

  it('blocks paste, cut, undo and WhatsApp’s Ctrl+Alt shortcuts (archive, mute, delete chat)', () => {
    expect(blockInReview(key('v', { control: true }), true)).toBe(true);
    expect(blockInReview(key('v', { meta: true }), true)).toBe(true);
    expect(blockInReview(key('x', { control: true }), true)).toBe(true);
    expect(blockInReview(key('z', { control: true }), true)).toBe(true);
    expect(blockInReview(key('e', { control: true, alt: true }), true)).toBe(true);
    expect(blockInReview(key('Backspace', { control: true, alt: true }), true)).toBe(true);
    expect(blockInReview(key('ArrowUp', { control: true, alt: true }), true)).toBe(true);
  });

  it('blocks IME composition', () => {
    expect(blockInReview(key('Process', { isComposing: true }), true)).toBe(true);
  });

  it('allows reading: scrolling, moving, copy, select-all, Escape, modifier keys, key-up', () => {
    for (const k of ['ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', 'Escape', 'Tab', 'Shift', 'Control']) {
      expect(blockInReview(key(k), true)).toBe(false);
    }
    expect(blockInReview(key('ArrowDown', { shift: true }), true)).toBe(false);
    expect(blockInReview(key('c', { control: true }), true)).toBe(false);
    expect(blockInReview(key('C', { meta: true, shift: true }), true)).toBe(false);
    expect(blockInReview(key('a', { control: true }), true)).toBe(false);
    expect(blockInReview(key('a', { type: 'keyUp' }), true)).toBe(false);
  });
});
