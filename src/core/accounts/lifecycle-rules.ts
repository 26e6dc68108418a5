import type { AccountState } from '../../shared/account-state';

/**
 * Pure lifecycle rules of ARCHITECTURE §4: what a whatsapp-web.js disconnect means for an
 * account, and how long to wait before trying again.
 */

export interface DisconnectOutcome {
  state: AccountState;
  /** Whether the supervisor restarts on its own (with backoff). */
  retry: boolean;
  detail: string;
}

/** Maps the reason of whatsapp-web.js's `disconnected` event (a Socket state or 'LOGOUT'). */
export function disconnectOutcome(reason: unknown): DisconnectOutcome {
  const r = typeof reason === 'string' ? reason : String(reason);
  switch (r) {
    case 'TOS_BLOCK':
    case 'SMB_TOS_BLOCK':
      return { state: 'banned', retry: false, detail: `WhatsApp blocked this number (${r}). The archive is kept.` };
    case 'LOGOUT':
    case 'UNPAIRED':
    case 'UNPAIRED_IDLE':
      return { state: 'logged_out', retry: false, detail: `This device was logged out (${r}). The archive is kept; scan a new QR to link again.` };
    case 'CONFLICT':
      return { state: 'conflict', retry: false, detail: 'WhatsApp is open in another window. Choose "Use here" to continue here.' };
    default:
      return { state: 'error', retry: true, detail: `Disconnected (${r.slice(0, 200)}).` };
  }
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  factor: number;
  /** ± this fraction of the delay, so many accounts do not retry in lockstep. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000, factor: 2, jitter: 0.2 };

/** Delay before retry number `attempt` (0-based): capped exponential with jitter. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
  const spread = raw * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(policy.maxMs, raw + spread)));
}

/** States in which a page is (being) attached. */
export const RUNNING_STATES: readonly AccountState[] = ['starting', 'needs_qr', 'syncing', 'live'];
