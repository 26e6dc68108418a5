// The page's connection to the simulator server (same-origin WebSocket): pairing, the
// login kept in localStorage, the initial sync, live events, offline/reconnect, logout.
import { toWid, widString } from './backbone.js';
import { addMsg, applyChat, applyContact, applyGroupMetadata, store, storeReaction } from './store.js';

const SESSION_KEY = 'wa-sim-session';
const RETRY_MS = 50;

/** Survives reloads of this tab but not other tabs: tells "reload" from "second window". */
function tabId() {
  let id = sessionStorage.getItem('wa-sim-tab');
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem('wa-sim-tab', id);
  }
  return id;
}

export class Net {
  constructor(onUi) {
    this.onUi = onUi;
    this.ws = null;
    this.nextReq = 1;
    this.pending = new Map();
    this.lastSeq = 0;
    this.synced = false;
    this.closedByUs = false;
  }

  get session() {
    try {
      return JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    } catch {
      return null;
    }
  }

  set session(s) {
    if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else localStorage.removeItem(SESSION_KEY);
  }

  connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const device = this.session?.deviceId;
    // the device id lets the server refuse a connection while that device is "offline"
    const ws = new WebSocket(`${proto}//${location.host}/ws${device ? `?d=${encodeURIComponent(device)}` : ''}`);
    this.ws = ws;
    if (store.Socket.state !== 'TIMEOUT') store.Socket.set({ state: 'OPENING' });
    ws.onopen = () => {
      if (store.Socket.state === 'TIMEOUT') store.Socket.set({ state: 'OPENING' });
      this.send({
        t: 'hello',
        session: this.session,
        resume: this.synced ? { lastSeq: this.lastSeq } : null,
        url: location.href,
        tabId: tabId(),
      });
    };
    ws.onmessage = (e) => this.onMessage(JSON.parse(e.data));
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      for (const p of this.pending.values()) p.reject(new Error('connection lost'));
      this.pending.clear();
      if (this.closedByUs) return;
      // a dropped connection is a timeout to WhatsApp Web; it keeps retrying
      if (this.session) store.Socket.set({ state: 'TIMEOUT' });
      setTimeout(() => this.connect(), RETRY_MS);
    };
  }

  send(msg) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  request(body) {
    return new Promise((resolve, reject) => {
      if (this.ws?.readyState !== WebSocket.OPEN) {
        reject(new Error('not connected'));
        return;
      }
      const reqId = this.nextReq++;
      this.pending.set(reqId, { resolve, reject });
      this.send({ t: 'req', reqId, ...body });
    });
  }

  async logout() {
    try {
      await this.request({ op: 'logout' });
    } finally {
      this.loggedOut('user');
    }
  }

  /** Logged out (phone, user, ban): forget the login and reload to a fresh QR. */
  loggedOut(reason) {
    this.session = null;
    this.closedByUs = true;
    store.Cmd.trigger('logout');
    if (store.Socket.state !== 'UNPAIRED' && reason !== 'banned') store.Socket.set({ state: 'UNPAIRED' });
    this.ws?.close();
    setTimeout(() => location.assign('/?post_logout=1'), 30);
  }

  onMessage(m) {
    switch (m.t) {
      case 'reply': {
        const p = this.pending.get(m.reqId);
        if (!p) return;
        this.pending.delete(m.reqId);
        if (m.ok) p.resolve(m.value);
        else p.reject(new Error(m.error));
        return;
      }
      case 'qr':
        store.Conn.set({ ref: m.ref });
        if (store.Socket.state !== 'UNPAIRED') store.Socket.set({ state: 'UNPAIRED' });
        this.onUi('qr', m.ref);
        return;
      case 'idle':
        store.Socket.set({ state: 'UNPAIRED_IDLE' });
        return;
      case 'paired':
        this.session = m.session;
        store.Socket.set({ state: 'PAIRING' });
        return;
      case 'state':
        store.Socket.set({ state: m.state });
        this.onUi('state', m.state);
        return;
      case 'sync':
        this.applySnapshot(m.snapshot);
        this.lastSeq = m.seq;
        this.send({ t: 'ack', seq: m.seq });
        return;
      case 'events':
        for (const { seq, ev } of m.events) {
          if (seq <= this.lastSeq) continue;
          this.applyEvent(ev);
          this.lastSeq = seq;
        }
        this.send({ t: 'ack', seq: this.lastSeq });
        this.onUi('changed');
        return;
      case 'logout':
        this.loggedOut(m.reason);
        return;
      case 'reload':
        location.reload();
        return;
      default:
        console.warn('[wa-sim] unknown server message', m.t);
    }
  }

  applySnapshot(s) {
    store.me = s.me;
    store.Conn.set({ pushname: s.me.pushname, wid: toWid(s.me.pn), phone: { wa_version: '2.24.1', device_manufacturer: 'wa-sim' } });
    for (const c of s.contacts) applyContact(c);
    for (const c of s.chats) applyChat(c);
    for (const d of s.messages) addMsg(d, false);
    for (const r of s.reactions) storeReaction(r, false);
    this.synced = true;
    this.onUi('synced');
    // WhatsApp flips hasSynced once per page life, after the initial sync
    if (!store.Socket.hasSynced) {
      store.offlineProgress = 100;
      store.Socket.set({ hasSynced: true });
    }
  }

  applyEvent(ev) {
    switch (ev.k) {
      case 'msg':
        addMsg(ev.msg, true);
        return;
      case 'ack': {
        const m = store.Msg.get(ev.id);
        if (m && (m.ack ?? 0) < ev.ack) m.set({ ack: ev.ack });
        return;
      }
      case 'edit': {
        const m = store.Msg.get(ev.id);
        if (!m) return;
        const attrs = {
          latestEditSenderTimestampMs: ev.atMs,
          latestEditMsgKey: { ...m.id.toJSON(), id: ev.keyId },
        };
        if (m.directPath) attrs.caption = ev.body;
        else attrs.body = ev.body;
        m.set(attrs);
        return;
      }
      case 'revoke': {
        const m = store.Msg.get(ev.id);
        if (!m) return;
        m.set({
          type: 'revoked',
          subtype: ev.byAdmin ? 'admin_revoke' : 'sender_revoke',
          protocolMessageKey: m.id,
          body: undefined,
          caption: undefined,
          directPath: undefined,
          mediaData: undefined,
        });
        return;
      }
      case 'deleteForMe': {
        const m = store.Msg.get(ev.id);
        if (!m) return;
        for (const c of [...m._collections]) c.remove(m);
        return;
      }
      case 'reaction':
        storeReaction(ev.r, true);
        return;
      case 'group': {
        const chat = store.Chat.get(ev.chatId) ?? applyChat({ id: ev.chatId, t: ev.notification?.t ?? 0, group: ev.group });
        const meta = applyGroupMetadata(ev.chatId, ev.group);
        if (!chat.groupMetadata) chat.set({ groupMetadata: meta });
        chat.set({ isReadOnly: !!ev.group.announce });
        if (ev.notification) addMsg(ev.notification, true);
        return;
      }
      case 'chat': {
        const existing = store.Chat.get(ev.chat.id);
        if (ev.removed) {
          if (existing) store.Chat.remove(existing);
          return;
        }
        applyChat(ev.chat);
        return;
      }
      case 'contact':
        applyContact(ev.contact);
        return;
      default:
        console.warn('[wa-sim] unknown event', ev.k);
    }
  }
}

export { widString };
