import type { Page } from 'puppeteer-core';
import type { Clock } from '../util/clock';

/**
 * What the account lifecycle asks a WhatsApp Web page directly, outside whatsapp-web.js:
 * whether it still answers, what its socket says, and taking the session back from another
 * window. Reads of WhatsApp's own modules; nothing is sent anywhere.
 */

/** Socket states in which WhatsApp Web loads but whatsapp-web.js never fires `ready`. */
const STUCK_SOCKET_STATES: readonly string[] = ['CONFLICT', 'TOS_BLOCK', 'SMB_TOS_BLOCK'];

/** The page's socket state ('CONNECTED', 'CONFLICT', 'TOS_BLOCK'…); '' when it cannot be read. */
async function socketState(page: Page): Promise<string> {
  return String(await page.evaluate(`window.require('WAWebSocketModel').Socket.state`).catch(() => ''));
}

/** The socket state when the page loaded into a blocked or conflicting session, else null. */
export async function stuckSocketState(page: Page): Promise<string | null> {
  const state = await socketState(page);
  return STUCK_SOCKET_STATES.includes(state) ? state : null;
}

/** "Use here": take the session back from the other window WhatsApp is open in. */
export async function takeOverSession(page: Page): Promise<void> {
  await page.evaluate(`window.require('WAWebSocketModel').Socket.takeover()`);
}

/** Whether the page's JavaScript answers within `timeoutMs` (a hung renderer does not). */
export function pageAnswers(page: Page, timeoutMs: number, clock: Clock): Promise<boolean> {
  return new Promise((resolve) => {
    const t = clock.setTimeout(() => resolve(false), timeoutMs);
    page.evaluate('1').then(() => {
      clock.clearTimeout(t);
      resolve(true);
    }, () => {
      clock.clearTimeout(t);
      resolve(false);
    });
  });
}
