import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, MIN_SIZE, parseWindowState, restoreWindow, serializeWindowState } from '../../../src/main/policy/window-state';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('window state', () => {
  it('round-trips through the file format', () => {
    const text = serializeWindowState({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true, fullScreen: false });
    expect(parseWindowState(text)).toEqual({ version: 1, bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true, fullScreen: false });
  });

  it.each([
    ['missing', null],
    ['not JSON', '{'],
    ['wrong version', JSON.stringify({ version: 2, bounds: { x: 0, y: 0, width: 900, height: 600 }, maximized: false, fullScreen: false })],
    ['fractional', JSON.stringify({ version: 1, bounds: { x: 0.5, y: 0, width: 900, height: 600 }, maximized: false, fullScreen: false })],
    ['absurd size', JSON.stringify({ version: 1, bounds: { x: 0, y: 0, width: 9e9, height: 600 }, maximized: false, fullScreen: false })],
  ])('a %s file gives defaults', (_n, text) => {
    expect(parseWindowState(text)).toBeNull();
    expect(restoreWindow(parseWindowState(text), [primary])).toEqual({ bounds: { ...DEFAULT_SIZE }, maximized: false, fullScreen: false });
  });

  it('restores on the display it was on', () => {
    const saved = { version: 1 as const, bounds: { x: 2000, y: 100, width: 1000, height: 800 }, maximized: false, fullScreen: false };
    expect(restoreWindow(saved, [primary, right]).bounds).toEqual({ x: 2000, y: 100, width: 1000, height: 800 });
  });

  it('a window on a monitor that is gone is recentred, keeping maximized', () => {
    const saved = { version: 1 as const, bounds: { x: 2000, y: 100, width: 1000, height: 800 }, maximized: true, fullScreen: false };
    expect(restoreWindow(saved, [primary])).toEqual({ bounds: { ...DEFAULT_SIZE }, maximized: true, fullScreen: false });
  });

  it('pulls a half-off-screen window inside and enforces the minimum size', () => {
    const saved = { version: 1 as const, bounds: { x: 1700, y: -50, width: 300, height: 200 }, maximized: false, fullScreen: false };
    const r = restoreWindow(saved, [primary]);
    expect(r.bounds).toEqual({ x: 1920 - MIN_SIZE.width, y: 0, width: MIN_SIZE.width, height: MIN_SIZE.height });
  });
});
