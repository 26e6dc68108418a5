/**
 * Review mode (ARCHITECTURE §6): a supervisor can read a rep's tile without being able to
 * type into it. Keys that only move, scroll or copy pass; every key that could write, send,
 * delete, or trigger a WhatsApp shortcut (Ctrl+Alt+… archive/mute/delete) is blocked.
 */

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
  shift: boolean;
  isComposing: boolean;
}

const NAVIGATION_KEYS = new Set([
  'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', 'Tab', 'Escape',
]);
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'NumLock']);
/** With Ctrl (or Cmd): copy and select-all read, they don't write. */
const READ_SHORTCUTS = new Set(['c', 'a']);

/** True when a key event must not reach a tile that is in review mode. */
export function blockInReview(input: KeyInput, reviewMode: boolean): boolean {
  if (!reviewMode) return false;
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown' && input.type !== 'char') return false;
  if (input.isComposing) return true;
  if (MODIFIER_KEYS.has(input.key)) return false;
  const command = input.control || input.meta;
  if (NAVIGATION_KEYS.has(input.key)) return command || input.alt;
  if (command && !input.alt && READ_SHORTCUTS.has(input.key.toLowerCase())) return false;
  return true;
}
