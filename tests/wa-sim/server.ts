import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { Phone, type PhoneHost, type PhoneSpec, type SimMedia } from './phone';
import { PageToServer, type PageSession, type ServerToPage, type SimEvent } from './protocol';

/**
 * The WhatsApp Web simulator: a loopback HTTP(S) server that serves the fake page and
 * talks to it over a same-origin WebSocket, plus the control API tests and the demo use
 * to play the phones' side (pair, deliver, edit, revoke, go offline, log out, ban…).
 */

export interface WaSimOptions {
  host?: string;
  port?: number;
  /** Serve HTTPS (for the unmodified-initialize proof with --host-resolver-rules). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Messages per chat a page gets at login; older ones load on demand. */
  initialMessagesPerChat?: number;
  /** Rotate an unscanned QR this often (ms); null = only when asked (rotateQr). */
  qrRotateMs?: number | null;
  /** After this many QR refs without a scan the page goes UNPAIRED_IDLE. */
  maxQrRefs?: number;
  /** Clock for message times (ms). */
  now?: () => number;
  /** Called for anything odd a page sent (validation failures). */
  log?: (msg: string) => void;
}

interface Device {
  id: string;
  phoneId: string;
  token: string;
  linkedAt: number;
  online: boolean;
  seq: number;
  /** Events not yet acknowledged by the page, oldest first. */
  outbox: Array<{ seq: number; ev: SimEvent }>;
  /** The connection that receives events (null: none, or the page is in conflict). */
  active: PageConn | null;
}

interface PageConn {
  id: string;
  ws: WebSocket;
  tabId: string | null;
  url: string;
  ref: string | null;
  refsShown: number;
  rotateTimer: NodeJS.Timeout | null;
  device: Device | null;
  ackedSeq: number;
}

export interface PendingQr {
  ref: string;
  connId: string;
  url: string;
}

const PAGE_DIR = new URL('./page/', import.meta.url);
const PAGE_FILES = new Map([
  ['/main.js', 'main.js'],
  ['/store.js', 'store.js'],
  ['/net.js', 'net.js'],
  ['/ui.js', 'ui.js'],
  ['/backbone.js', 'backbone.js'],
]);

export class WaSim {
  readonly phones = new Map<string, Phone>();
  readonly devices = new Map<string, Device>();
  private readonly conns = new Map<string, PageConn>();
  private readonly media = new Map<string, SimMedia>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  private readonly opts: Required<Omit<WaSimOptions, 'tls' | 'host' | 'port'>>;
  private readonly host: PhoneHost;
  private phoneSeq = 0;
  readonly url: string;
  /** Every page request, for tests that check what a page asked for. */
  readonly stats = { loadEarlier: 0, mediaDownloads: 0, helloFresh: 0, helloResume: 0 };

  private constructor(private readonly server: Server, url: string, opts: WaSimOptions) {
    this.url = url;
    this.opts = {
      initialMessagesPerChat: opts.initialMessagesPerChat ?? 20,
      qrRotateMs: opts.qrRotateMs ?? null,
      maxQrRefs: opts.maxQrRefs ?? 6,
      now: opts.now ?? Date.now,
      log: opts.log ?? (() => {}),
    };
    this.host = {
      now: () => this.opts.now(),
      emit: (phoneId, ev) => this.emit(phoneId, ev),
      registerMedia: (m) => this.media.set(m.directPath, m),
    };
  }

  static async start(opts: WaSimOptions = {}): Promise<WaSim> {
    let sim: WaSim | null = null;
    const handler = (req: IncomingMessage, res: ServerResponse) => sim!.onHttp(req, res);
    const server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : createHttpServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    sim = new WaSim(server, `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${port}/`, opts);
    server.on('upgrade', (req, socket, head) => sim!.onUpgrade(req, socket, head));
    return sim;
  }

  async close(): Promise<void> {
    for (const c of this.conns.values()) {
      if (c.rotateTimer) clearInterval(c.rotateTimer);
      c.ws.terminate();
    }
    this.conns.clear();
    this.wss.close();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------ control: phones and pairing

  createPhone(spec: PhoneSpec = {}): Phone {
    const id = `phone-${++this.phoneSeq}`;
    const phone = new Phone(this.host, id, spec);
    this.phones.set(id, phone);
    return phone;
  }

  phone(id: string): Phone {
    const p = this.phones.get(id);
    if (!p) throw new Error(`no phone ${id}`);
    return p;
  }

  /** QR refs currently shown by unpaired pages. */
  pendingQrs(): PendingQr[] {
    return [...this.conns.values()].filter((c) => c.ref && !c.device).map((c) => ({ ref: c.ref!, connId: c.id, url: c.url }));
  }

  /**
   * The phone scans a QR. `qr` is the string whatsapp-web.js emits (ref,noise,identity,adv,platform)
   * or just the ref; only the page's current ref is accepted, as with a real phone.
   */
  scan(phoneId: string, qr: string): { deviceId: string } {
    const phone = this.phone(phoneId);
    if (phone.banned) throw new Error(`phone ${phoneId} is banned and cannot link devices`);
    const ref = qr.split(',')[0] ?? '';
    const conn = [...this.conns.values()].find((c) => c.ref === ref && !c.device);
    if (!conn) throw new Error(`no page shows QR ref ${ref.slice(0, 24)}… (expired or already scanned)`);
    if (conn.rotateTimer) clearInterval(conn.rotateTimer);
    conn.rotateTimer = null;
    conn.ref = null;
    const device: Device = {
      id: `dev-${randomUUID()}`,
      phoneId,
      token: randomBytes(16).toString('hex'),
      linkedAt: this.opts.now(),
      online: true,
      seq: 0,
      outbox: [],
      active: null,
    };
    this.devices.set(device.id, device);
    this.send(conn, { t: 'paired', session: { phoneId, deviceId: device.id, token: device.token } });
    this.attach(conn, device, null);
    return { deviceId: device.id };
  }

  /** Shows a new QR on unpaired pages (all, or the one showing `ref`). */
  rotateQr(ref?: string): void {
    for (const c of this.conns.values()) if (!c.device && c.ref && (!ref || c.ref === ref)) this.newRef(c);
  }

  devicesOf(phoneId: string): string[] {
    return [...this.devices.values()].filter((d) => d.phoneId === phoneId).map((d) => d.id);
  }

  /** Network for a linked page: offline closes its connection and queues events. */
  setOnline(deviceId: string, online: boolean): void {
    const d = this.device(deviceId);
    d.online = online;
    if (!online) {
      for (const c of this.connsOf(d)) c.ws.close(4001, 'offline');
      d.active = null;
    }
  }

  /** Another browser window takes over the session: the page shows CONFLICT until takeover(). */
  conflict(deviceId: string): void {
    const d = this.device(deviceId);
    const conn = d.active;
    d.active = null;
    if (conn) this.send(conn, { t: 'state', state: 'CONFLICT' });
  }

  /** Puts a linked page's socket in any state WhatsApp has (DEPRECATED_VERSION, PROXYBLOCK…). */
  forceState(deviceId: string, state: string): void {
    const d = this.device(deviceId);
    for (const c of this.connsOf(d)) this.send(c, { t: 'state', state });
  }

  /** The phone unlinks a device (Settings → Linked devices → Log out). */
  logoutDevice(deviceId: string, reason: 'phone' | 'banned' = 'phone'): void {
    const d = this.device(deviceId);
    this.devices.delete(deviceId);
    for (const c of this.connsOf(d)) {
      c.device = null;
      this.send(c, { t: 'logout', reason });
    }
  }

  /** WhatsApp bans the number: pages see TOS_BLOCK, then every device is logged out. */
  ban(phoneId: string): void {
    const phone = this.phone(phoneId);
    phone.banned = true;
    for (const deviceId of this.devicesOf(phoneId)) {
      const d = this.device(deviceId);
      for (const c of this.connsOf(d)) this.send(c, { t: 'state', state: 'TOS_BLOCK' });
      setTimeout(() => {
        if (this.devices.has(deviceId)) this.logoutDevice(deviceId, 'banned');
      }, 50).unref();
    }
  }

  /** Events a device has not acknowledged yet (e.g. queued while offline). */
  queued(deviceId: string): number {
    return this.device(deviceId).outbox.length;
  }

  private device(id: string): Device {
    const d = this.devices.get(id);
    if (!d) throw new Error(`no linked device ${id}`);
    return d;
  }

  private connsOf(d: Device): PageConn[] {
    return [...this.conns.values()].filter((c) => c.device === d);
  }

  // ------------------------------------------------------------ events to pages

  private emit(phoneId: string, ev: SimEvent): void {
    for (const d of this.devices.values()) {
      if (d.phoneId !== phoneId) continue;
      const item = { seq: ++d.seq, ev };
      d.outbox.push(item);
      if (d.active && d.online) this.send(d.active, { t: 'events', events: [item] });
    }
  }

  private send(conn: PageConn, msg: ServerToPage): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(msg));
  }

  /** A linked page connects: fresh load gets a snapshot, a reconnect gets what it missed. */
  private attach(conn: PageConn, device: Device, resumeFrom: number | null): void {
    conn.device = device;
    const phone = this.phone(device.phoneId);
    if (phone.banned) {
      this.send(conn, { t: 'state', state: 'TOS_BLOCK' });
      this.send(conn, { t: 'logout', reason: 'banned' });
      return;
    }
    if (device.active && device.active !== conn && device.active.ws.readyState === WebSocket.OPEN) {
      if (device.active.tabId && device.active.tabId === conn.tabId) {
        device.active.ws.close(4002, 'replaced by reload');
      } else {
        // a second window of the same login: WhatsApp asks it to "Use here"
        this.send(conn, { t: 'state', state: 'CONFLICT' });
        return;
      }
    }
    device.active = conn;
    this.send(conn, { t: 'state', state: 'CONNECTED' });
    if (resumeFrom === null) {
      this.stats.helloFresh++;
      device.outbox = [];
      conn.ackedSeq = device.seq;
      this.send(conn, { t: 'sync', seq: device.seq, snapshot: phone.snapshot(this.opts.initialMessagesPerChat) });
    } else {
      this.stats.helloResume++;
      conn.ackedSeq = resumeFrom;
      const missed = device.outbox.filter((e) => e.seq > resumeFrom);
      if (missed.length) this.send(conn, { t: 'events', events: missed });
    }
  }

  private newRef(conn: PageConn): void {
    conn.refsShown++;
    if (conn.refsShown > this.opts.maxQrRefs) {
      if (conn.rotateTimer) clearInterval(conn.rotateTimer);
      conn.rotateTimer = null;
      conn.ref = null;
      this.send(conn, { t: 'idle' });
      return;
    }
    conn.ref = `2@${randomBytes(24).toString('base64')}`;
    this.send(conn, { t: 'qr', ref: conn.ref });
  }

  // ------------------------------------------------------------ page protocol

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws') {
      socket.destroy();
      return;
    }
    const deviceId = url.searchParams.get('d');
    const device = deviceId ? this.devices.get(deviceId) : undefined;
    if (device && !device.online) {
      // no network: the page's connection attempt fails before it opens
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    const conn: PageConn = { id: randomUUID(), ws, tabId: null, url: '', ref: null, refsShown: 0, rotateTimer: null, device: null, ackedSeq: 0 };
    this.conns.set(conn.id, conn);
    ws.on('message', (data) => {
      let parsed: PageToServer;
      try {
        parsed = PageToServer.parse(JSON.parse(String(data)));
      } catch (err) {
        this.opts.log(`wa-sim: bad message from page: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      this.onPageMessage(conn, parsed);
    });
    ws.on('close', () => {
      if (conn.rotateTimer) clearInterval(conn.rotateTimer);
      this.conns.delete(conn.id);
      if (conn.device?.active === conn) conn.device.active = null;
    });
  }

  private onPageMessage(conn: PageConn, m: PageToServer): void {
    switch (m.t) {
      case 'hello':
        return this.onHello(conn, m.session, m.resume?.lastSeq ?? null, m.url, m.tabId ?? null);
      case 'ack': {
        conn.ackedSeq = Math.max(conn.ackedSeq, m.seq);
        const d = conn.device;
        if (d && d.active === conn) d.outbox = d.outbox.filter((e) => e.seq > m.seq);
        return;
      }
      case 'req':
        void this.onRequest(conn, m);
    }
  }

  private onHello(conn: PageConn, session: PageSession | null, resume: number | null, url: string, tabId: string | null): void {
    conn.url = url;
    conn.tabId = tabId;
    if (!session) {
      this.newRef(conn);
      if (this.opts.qrRotateMs) conn.rotateTimer = setInterval(() => this.newRef(conn), this.opts.qrRotateMs);
      return;
    }
    const device = this.devices.get(session.deviceId);
    if (!device || device.token !== session.token || device.phoneId !== session.phoneId) {
      const phone = this.phones.get(session.phoneId);
      if (phone?.banned) this.send(conn, { t: 'state', state: 'TOS_BLOCK' });
      this.send(conn, { t: 'logout', reason: phone?.banned ? 'banned' : 'unknown_device' });
      return;
    }
    if (!device.online) {
      conn.ws.close(4001, 'offline');
      return;
    }
    this.attach(conn, device, resume);
  }

  private async onRequest(conn: PageConn, m: Extract<PageToServer, { t: 'req' }>): Promise<void> {
    const reply = (value: unknown) => this.send(conn, { t: 'reply', reqId: m.reqId, ok: true, value });
    const fail = (error: string) => this.send(conn, { t: 'reply', reqId: m.reqId, ok: false, error });
    try {
      const device = conn.device;
      switch (m.op) {
        case 'refreshQr':
          if (!device) {
            conn.refsShown = 0;
            this.newRef(conn);
            if (this.opts.qrRotateMs && !conn.rotateTimer) conn.rotateTimer = setInterval(() => this.newRef(conn), this.opts.qrRotateMs);
          }
          return reply(true);
        case 'takeover': {
          if (!device) return fail('not logged in');
          const prev = device.active;
          if (prev && prev !== conn) this.send(prev, { t: 'state', state: 'CONFLICT' });
          device.active = conn;
          this.send(conn, { t: 'state', state: 'CONNECTED' });
          const missed = device.outbox.filter((e) => e.seq > conn.ackedSeq);
          if (missed.length) this.send(conn, { t: 'events', events: missed });
          return reply(true);
        }
        case 'logout':
          if (device && this.devices.has(device.id)) {
            this.devices.delete(device.id);
            conn.device = null;
          }
          return reply(true);
        case 'loadEarlier': {
          if (!device || device.active !== conn) return fail('not connected');
          this.stats.loadEarlier++;
          const phone = this.phone(device.phoneId);
          if (!m.chatId || !phone.chats.has(m.chatId)) return reply({ msgs: [], reactions: [] });
          return reply(phone.loadEarlier(m.chatId, m.beforeId ?? null, m.count ?? 50));
        }
        case 'getMsgs': {
          if (!device) return fail('not logged in');
          const phone = this.phone(device.phoneId);
          return reply((m.ids ?? []).flatMap((id) => {
            const msg = phone.messages.get(id);
            return msg && !msg.deletedForMe && phone.chat(msg.chatId).index.get(id)! >= phone.chat(msg.chatId).historyFloor
              ? [phone.msgData(msg)] : [];
          }));
        }
        case 'historySync': {
          if (!device) return fail('not logged in');
          const phone = this.phone(device.phoneId);
          if (m.chatId && phone.chats.has(m.chatId)) {
            phone.syncFullHistory(m.chatId);
            const chat = phone.chat(m.chatId);
            this.emit(phone.id, { k: 'chat', chat: phone.chatData(chat) });
          }
          return reply(true);
        }
      }
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  }

  // ------------------------------------------------------------ HTTP

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      return this.file(res, 'index.html', 'text/html; charset=utf-8', req.method === 'HEAD');
    }
    const js = PAGE_FILES.get(path);
    if (js) return this.file(res, js, 'text/javascript; charset=utf-8', req.method === 'HEAD');
    if (path.startsWith('/mms/')) {
      const media = this.media.get(decodeURIComponent(path.slice('/mms'.length)));
      if (!media || media.expired) {
        res.writeHead(404).end();
        return;
      }
      if (req.method === 'GET') this.stats.mediaDownloads++;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': media.bytes.length });
      res.end(req.method === 'HEAD' ? undefined : media.bytes);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  private file(res: ServerResponse, name: string, type: string, head: boolean): void {
    const body = readFileSync(new URL(name, PAGE_DIR));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'content-length': body.length });
    res.end(head ? undefined : body);
  }
}
