import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { notificationPreview } from '../../core/archive/preview';
import { MESSAGE_COLUMNS, type MessageRow } from '../../core/archive/queries/messages';
import type { CapturedEvent } from '../../shared/account-views';
import type { EventName, EventPayload } from '../../shared/contract';
import { API_PREFIX } from '../../core/team/wire';
import { asViewer } from '../pg/access';
import type { Pool, PoolClient } from '../pg/db';
import { pgHydrate } from '../pg/read/messages';
import { fromPg } from '../pg/text';
import { sessionOf } from '../team/sessions';
import { LIVE_CHANNEL, type LiveNote } from './live-notify';

/**
 * The consoles' live feed: `GET /api/v1/events` upgraded to a WebSocket, signed in by the
 * session cookie, from the server's own origin only. Each instance LISTENs to what every
 * instance's pushes NOTIFY (live-notify.ts) and sends each console the contract's events
 * for the accounts its user may see, read as that user under row-level security. Frames are
 * `{ event, payload }`, the same events the desktop's renderer hears over IPC.
 */

export const EVENTS_PATH = `${API_PREFIX}/events`;
/** How long a console's visible accounts are trusted before they are read again (team moves, new PCs). */
const VISIBILITY_TTL_MS = 5_000;

interface Console {
  ws: WebSocket;
  userId: string;
  token: string;
  visible: Set<string>;
  readAt: number;
}

export interface LiveHub {
  close(): Promise<void>;
  /** Consoles connected to this instance. */
  readonly size: number;
}

const cookieToken = (req: IncomingMessage): string | null => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'sb_session') return decodeURIComponent(v.join('='));
  }
  return null;
};

/** A browser's WebSocket from another site would carry our cookie: only our own origin may connect. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export async function startLiveHub(pool: Pool, server: Server, log: (line: string) => void = () => undefined): Promise<LiveHub> {
  const wss = new WebSocketServer({ noServer: true });
  const consoles = new Set<Console>();
  let closed = false;
  let listener: PoolClient | null = null;

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?')[0] !== EVENTS_PATH) return refuse(socket, '404 Not Found');
    if (!sameOrigin(req)) return refuse(socket, '403 Forbidden');
    const token = cookieToken(req);
    void (token ? sessionOf(pool, token) : Promise.resolve(null)).then((session) => {
      if (!session) return refuse(socket, '401 Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => {
        const c: Console = { ws, userId: session.user.id, token: token!, visible: new Set(), readAt: 0 };
        consoles.add(c);
        ws.on('close', () => consoles.delete(c));
        ws.on('error', () => consoles.delete(c));
        // a transport frame, not an event: the feed is on from here
        ws.send(JSON.stringify({ ready: true }));
      });
    }, () => refuse(socket, '500 Internal Server Error'));
  });

  const send = <E extends EventName>(c: Console, event: E, payload: EventPayload<E>) => {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.send(JSON.stringify({ event, payload }));
  };

  async function visibleTo(c: Console): Promise<Set<string> | null> {
    if (Date.now() - c.readAt < VISIBILITY_TTL_MS) return c.visible;
    // a session that ended (sign-out, user disabled) closes its feed
    if (!(await sessionOf(pool, c.token))) {
      c.ws.close(4401, 'signed out');
      consoles.delete(c);
      return null;
    }
    const rows = await asViewer(pool, c.userId, (sql) => sql<{ id: string }>('SELECT id FROM accounts'));
    c.visible = new Set(rows.map((r) => r.id));
    c.readAt = Date.now();
    return c.visible;
  }

  async function captured(c: Console, items: LiveNote['messages']): Promise<void> {
    const visible = await visibleTo(c);
    if (!visible) return;
    const mine = items.filter((i) => visible.has(i.a));
    if (mine.length === 0) return;
    const events = await asViewer(pool, c.userId, async (sql) => {
      const rows = await sql<MessageRow & { chat_name: unknown }>(`SELECT ${MESSAGE_COLUMNS}, c.name AS chat_name FROM messages m
        JOIN chats c ON c.id = m.chat_id
        JOIN unnest($1::text[], $2::text[]) AS w(a, m) ON m.account_id = w.a AND m.wa_id = w.m ORDER BY m.sort_key`,
        [mine.map((i) => i.a), mine.map((i) => i.m)]);
      const views = await pgHydrate(sql, rows);
      return views.map((v, i): CapturedEvent => ({
        accountId: v.accountId, chatId: v.chatId, messageId: v.waId, fromMe: v.fromMe, ts: v.ts, type: v.type, text: v.text,
        preview: notificationPreview(v.type, v.text), senderName: v.senderName, chatName: fromPg(rows[i]!.chat_name),
        chatUnread: 0, accountUnread: 0, notification: null,
      }));
    });
    for (const e of events) send(c, 'message.captured', e);
  }

  async function onNote(note: LiveNote): Promise<void> {
    await Promise.all([...consoles].map(async (c) => {
      try {
        if (note.messages.length) await captured(c, note.messages);
        if (note.accounts.length) {
          const visible = await visibleTo(c);
          for (const a of note.accounts) if (visible?.has(a)) send(c, 'accounts.changed', { accountId: a });
        }
      } catch (err) {
        log(`live feed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }));
  }

  // One connection per instance listens; if PostgreSQL drops it (restart), listen again.
  let backoff = 200;
  let listeningOnce: () => void = () => undefined;
  const firstListen = new Promise<void>((resolve) => {
    listeningOnce = resolve;
  });
  async function listen(): Promise<void> {
    while (!closed) {
      let client: PoolClient | null = null;
      // given back broken (the pool drops it), whether LISTEN failed or the link went later;
      // close() may have given it back already
      const giveBack = () => {
        if (client && listener === client) {
          listener = null;
          client.release(true);
        }
      };
      try {
        const c = await pool.connect();
        client = c;
        listener = c;
        const ended = new Promise<void>((resolve) => {
          // every 'error', not only the first: a link lost mid-query reports twice (the query's
          // error, then "terminated unexpectedly"), and an unheard one would end the process
          c.on('error', () => resolve());
          c.once('end', () => resolve());
        });
        c.on('notification', (n) => {
          if (n.channel !== LIVE_CHANNEL || !n.payload) return;
          try {
            void onNote(JSON.parse(n.payload) as LiveNote);
          } catch {
            // a payload we cannot read is skipped; the consoles still read the archive on demand
          }
        });
        await c.query(`LISTEN ${LIVE_CHANNEL}`);
        listeningOnce();
        backoff = 200;
        await ended;
        giveBack();
      } catch (err) {
        giveBack();
        if (closed) return;
        log(`live feed: cannot listen (${err instanceof Error ? err.message : String(err)}); retrying`);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }
  const listening = listen();
  await firstListen;

  return {
    get size() {
      return consoles.size;
    },
    async close() {
      closed = true;
      for (const c of consoles) c.ws.terminate();
      consoles.clear();
      wss.close();
      if (listener) {
        listener.release(true);
        listener = null;
      }
      await Promise.race([listening, Promise.resolve()]);
    },
  };
}
