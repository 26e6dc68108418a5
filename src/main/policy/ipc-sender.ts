import { originOf } from './url-policy';

/**
 * Who may call the IPC router: only the app renderer's main frame, at the app's origin.
 * Account views (remote WhatsApp pages) and any subframe are refused, even though they
 * could only reach the router through a compromised preload.
 */
export interface SenderFacts {
  webContentsId: number;
  /** Null when the frame is gone (navigated away or destroyed) by the time the call arrives. */
  frame: { isMainFrame: boolean; url: string } | null;
}

export interface TrustedRenderer {
  webContentsId: number;
  /** scheme://host[:port] of the app renderer (app://… in production, the dev server in development). */
  origin: string;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(sender: SenderFacts, trusted: TrustedRenderer | null): SenderVerdict {
  if (!trusted) return { ok: false, reason: 'the app window is not ready' };
  if (sender.webContentsId !== trusted.webContentsId) return { ok: false, reason: 'not the app renderer' };
  if (!sender.frame) return { ok: false, reason: 'the sending frame is gone' };
  if (!sender.frame.isMainFrame) return { ok: false, reason: 'not the main frame' };
  if (originOf(sender.frame.url) !== trusted.origin.toLowerCase()) {
    return { ok: false, reason: 'the frame is not at the app origin' };
  }
  return { ok: true };
}

/**
 * Messages from account preloads (notifications, unread counts): the account is the one
 * main placed in that webContents — never an id the page claims — and the frame must be
 * the view's main frame at an allowed WhatsApp origin.
 */
export function accountOfSender(
  sender: SenderFacts,
  accountByWebContents: (webContentsId: number) => string | null,
  allowedOrigins: ReadonlySet<string>,
): { ok: true; accountId: string } | { ok: false; reason: string } {
  const accountId = accountByWebContents(sender.webContentsId);
  if (!accountId) return { ok: false, reason: 'not an account view' };
  if (!sender.frame) return { ok: false, reason: 'the sending frame is gone' };
  if (!sender.frame.isMainFrame) return { ok: false, reason: 'not the main frame' };
  const origin = originOf(sender.frame.url);
  if (!origin || !allowedOrigins.has(origin)) return { ok: false, reason: 'the frame is not at a WhatsApp origin' };
  return { ok: true, accountId };
}
