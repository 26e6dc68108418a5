import { CallError } from '../api/client';
import { createStore } from '../lib/store';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  /** An i18n key, with its values; or literal text from the error when no key fits. */
  key: string;
  values?: Record<string, string | number>;
  /** A button on the toast (its label is an i18n key). */
  action?: { key: string; run: () => void };
}

export const toastsStore = createStore<Toast[]>([]);
let seq = 0;

export function toast(kind: Toast['kind'], key: string, values?: Record<string, string | number>, action?: Toast['action']): void {
  const id = ++seq;
  toastsStore.set((t) => [...t.slice(-3), { id, kind, key, ...(values ? { values } : {}), ...(action ? { action } : {}) }]);
}

export function dismissToast(id: number): void {
  toastsStore.set((t) => t.filter((x) => x.id !== id));
}

/** Shows a failed call in the user's language (`errors.<code>`). */
export function reportError(err: unknown): void {
  if (err instanceof CallError) toast('error', `errors.${err.code}`, { detail: err.issues.join('; ') || err.message });
  else toast('error', 'errors.INTERNAL', { detail: err instanceof Error ? err.message : String(err) });
}
