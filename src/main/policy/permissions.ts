/**
 * Permission decisions (ARCHITECTURE §8): account views get notifications, and the
 * microphone only inside an explicit per-account grant window the user opened to record a
 * voice note. The app renderer gets nothing. Everything else is denied.
 */

export type Surface = { kind: 'app' } | { kind: 'account'; accountId: string };

export interface PermissionQuery {
  surface: Surface;
  permission: string;
  /** Origin of the requesting frame (scheme://host[:port]), or null when unknown. */
  origin: string | null;
  isMainFrame: boolean;
  /** For `media`: what is asked for. A check asks for one type; a request may ask for several. */
  mediaTypes?: readonly string[];
}

/** `grant`: allow; `ask`: ask the user, who may open a grant window; `deny`. */
export type PermissionDecision = 'grant' | 'ask' | 'deny';

/** Longest a microphone grant may last; a forgotten grant must not become permanent. */
export const MAX_MIC_GRANT_MS = 10 * 60_000;
export const DEFAULT_MIC_GRANT_MS = 2 * 60_000;

/** Per-account windows during which the microphone may be used (voice notes). */
export class MicGrants {
  readonly #until = new Map<string, number>();

  open(accountId: string, now: number, durationMs = DEFAULT_MIC_GRANT_MS): number {
    const ms = Math.max(0, Math.min(durationMs, MAX_MIC_GRANT_MS));
    const until = now + ms;
    this.#until.set(accountId, until);
    return until;
  }

  isOpen(accountId: string, now: number): boolean {
    const until = this.#until.get(accountId);
    if (until === undefined) return false;
    if (now >= until) {
      this.#until.delete(accountId);
      return false;
    }
    return true;
  }

  revoke(accountId: string): void {
    this.#until.delete(accountId);
  }
}

export interface PermissionContext {
  /** Origins account views may show (url-policy accountOrigins). */
  accountOrigins: ReadonlySet<string>;
  mic: MicGrants;
  now: number;
}

function isMicrophoneOnly(types: readonly string[] | undefined): boolean {
  return types !== undefined && types.length > 0 && types.every((t) => t === 'audio');
}

/** For setPermissionRequestHandler: may ask the user. */
export function decidePermissionRequest(q: PermissionQuery, ctx: PermissionContext): PermissionDecision {
  if (q.surface.kind !== 'account') return 'deny';
  if (!q.isMainFrame || q.origin === null || !ctx.accountOrigins.has(q.origin)) return 'deny';
  if (q.permission === 'notifications') return 'grant';
  if (q.permission === 'media' && isMicrophoneOnly(q.mediaTypes)) {
    return ctx.mic.isOpen(q.surface.accountId, ctx.now) ? 'grant' : 'ask';
  }
  return 'deny';
}

/** For setPermissionCheckHandler: synchronous, never asks. */
export function decidePermissionCheck(q: PermissionQuery, ctx: PermissionContext): boolean {
  if (q.surface.kind !== 'account') return false;
  if (q.origin === null || !ctx.accountOrigins.has(q.origin)) return false;
  if (q.permission === 'notifications') return true;
  if (q.permission === 'media' && isMicrophoneOnly(q.mediaTypes)) {
    return ctx.mic.isOpen(q.surface.accountId, ctx.now);
  }
  return false;
}
