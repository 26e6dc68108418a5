import type { SwitchboardBridge } from '../../shared/bridge';
import { CHANNELS, type EventName, isChannelName } from '../../shared/contract';
import { EVENT_NAMES } from '../../shared/contract';
import type { InvokeResult } from '../../shared/errors';
import { isSha256 } from '../../shared/media-url';

/**
 * `window.switchboard` in a browser, when the team server hosts the app as the lead's
 * console: calls go to `POST /api/v1/call/<channel>` and events come over the WebSocket at
 * `/api/v1/events`, both signed in by the session cookie. Inputs are checked with the
 * contract's schemas before they leave (the server checks them again), and only contract
 * events with a known name reach listeners — the renderer cannot tell this from Electron.
 */

const API = '/api/v1';
const EVENT_SET = new Set<string>(EVENT_NAMES);

const failure = (code: 'SIGNED_OUT' | 'INVALID_INPUT' | 'UNKNOWN_CHANNEL' | 'INTERNAL', message: string): InvokeResult<never> =>
  ({ ok: false, error: { code, message } });

export function httpBridge(origin: string = location.origin): SwitchboardBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let retry = 500;

  const connect = () => {
    if (socket || listeners.size === 0) return;
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}${API}/events`);
    socket = ws;
    ws.onmessage = (m) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(m.data));
      } catch {
        return;
      }
      const f = frame as { event?: unknown; payload?: unknown; ready?: unknown };
      if (f.ready === true) retry = 500;
      if (typeof f.event !== 'string' || !EVENT_SET.has(f.event)) return;
      for (const l of [...(listeners.get(f.event) ?? [])]) l(f.payload);
    };
    ws.onclose = (e) => {
      socket = null;
      // 4401: the session ended; the next call will say so and show the sign-in page
      if (e.code === 4401) return;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15_000);
    };
  };

  return Object.freeze({
    async invoke(channel, input) {
      if (!isChannelName(channel)) return failure('UNKNOWN_CHANNEL', `No channel named ${String(channel).slice(0, 80)}.`);
      const parsed = CHANNELS[channel].input.safeParse(input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
        return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid input — ${issues.join('; ')}`, issues } };
      }
      let res: Response;
      try {
        res = await fetch(`${origin}${API}/call/${channel}`, {
          method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}),
        });
      } catch {
        return failure('INTERNAL', 'The team server cannot be reached. Check the network and try again.');
      }
      if (res.status === 401) return failure('SIGNED_OUT', 'Your session ended. Sign in again.');
      if (!res.ok) return failure('INTERNAL', `The team server answered ${res.status}.`);
      return (await res.json()) as InvokeResult<never>;
    },
    on(event, listener) {
      const name = event as EventName;
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      connect();
      return () => void set.delete(listener as (payload: unknown) => void);
    },
    mediaUrl(sha256) {
      if (!isSha256(sha256)) throw new Error('mediaUrl: not a sha256');
      return `${origin}${API}/media/${sha256}`;
    },
  } satisfies SwitchboardBridge);
}

/** Signs in to the team server; the session cookie is set by the answer. */
export async function signIn(login: string, password: string): Promise<{ ok: true } | { ok: false; code: string; message: string; retryAfterS?: number }> {
  const res = await fetch(`${API}/session`, {
    method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }),
  });
  if (res.ok) return { ok: true };
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  const retry = Number(res.headers.get('retry-after'));
  return { ok: false, code: body.error?.code ?? 'INTERNAL', message: body.error?.message ?? `HTTP ${res.status}`,
    ...(retry > 0 ? { retryAfterS: retry } : {}) };
}

export async function signOut(): Promise<void> {
  await fetch(`${API}/session`, { method: 'DELETE', credentials: 'same-origin' });
}
