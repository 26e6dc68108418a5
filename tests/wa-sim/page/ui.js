// What a person (or a preload script) sees of the simulated page: the QR while unpaired,
// a chat list, the open chat with a composer box, and the IndexedDB `model-storage` /
// `chat` store WhatsApp Web keeps (unread counts are read from there, as Ferdium does).
// Message text is always set with textContent: hostile bodies must stay inert.
import { store } from './store.js';

const $ = (sel) => document.querySelector(sel);

export class Ui {
  constructor() {
    this.openChatId = null;
    this.renderQueued = false;
    this.idb = null;
    this.dirtyChats = new Set();
    this.composer = $('footer [contenteditable="true"]');
    this.composer.addEventListener('keydown', (e) => {
      // the simulator never sends: Enter only keeps the text where it is
      if (e.key === 'Enter' && !e.shiftKey) e.preventDefault();
    });
    $('#pane-side').addEventListener('click', (e) => {
      const row = e.target.closest('[data-id]');
      if (row) this.openChat(row.dataset.id);
    });
    store.Chat.on('add change:unreadCount change:muteExpiration change:isAutoMuted change:archive', (chat) => {
      this.dirtyChats.add(chat.id._serialized);
      this.queueRender();
    });
    store.Chat.on('remove', (chat) => {
      this.dirtyChats.add(chat.id._serialized);
      this.queueRender();
    });
    store.Chat.on('change:t', () => this.queueRender());
    store.Msg.on('add change:body change:type', () => this.queueRender());
  }

  on(kind, value) {
    if (kind === 'qr') this.showQr(value);
    if (kind === 'synced' || kind === 'changed' || kind === 'state') this.queueRender();
  }

  showQr(ref) {
    $('#landing').hidden = false;
    $('#app-main').hidden = true;
    const qr = $('[data-testid="qrcode"]');
    qr.dataset.ref = ref;
    qr.textContent = ref;
  }

  openChat(chatId) {
    this.openChatId = chatId;
    this.composer.textContent = '';
    this.composer.dataset.chatId = chatId;
    this.render();
  }

  queueRender() {
    if (this.renderQueued) return;
    this.renderQueued = true;
    setTimeout(() => {
      this.renderQueued = false;
      this.render();
      void this.flushIdb();
    }, 100);
  }

  render() {
    const state = store.Socket.state;
    $('#status').textContent = state;
    if (!store.Socket.hasSynced) return;
    $('#landing').hidden = true;
    $('#app-main').hidden = false;
    const chats = store.Chat.getModelsArray().sort((a, b) => (b.t ?? 0) - (a.t ?? 0)).slice(0, 200);
    const list = $('#pane-side');
    list.replaceChildren(...chats.map((chat) => {
      const row = document.createElement('div');
      row.setAttribute('role', 'listitem');
      row.dataset.id = chat.id._serialized;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = chat.formattedTitle;
      const unread = document.createElement('span');
      unread.className = 'unread';
      unread.textContent = chat.unreadCount ? String(chat.unreadCount) : '';
      row.append(name, unread);
      return row;
    }));
    const open = this.openChatId ? store.Chat.get(this.openChatId) : null;
    $('#main header .title').textContent = open ? open.formattedTitle : '';
    const box = $('#main .messages');
    box.replaceChildren(...(open ? open.msgs.getModelsArray().slice(-30) : []).map((m) => {
      const div = document.createElement('div');
      div.className = m.id.fromMe ? 'out' : 'in';
      div.textContent = m.type === 'revoked' ? '(deleted)' : (m.directPath ? `[${m.type}] ${m.caption ?? ''}` : (m.body ?? ''));
      return div;
    }));
  }

  async openIdb() {
    if (this.idb) return this.idb;
    const open = (version) => new Promise((resolve, reject) => {
      const req = version ? indexedDB.open('model-storage', version) : indexedDB.open('model-storage');
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains('chat')) req.result.createObjectStore('chat', { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    let db = await open();
    if (!db.objectStoreNames.contains('chat')) {
      // someone (a reader) created the database first, without our store: upgrade it
      const next = db.version + 1;
      db.close();
      db = await open(next);
    }
    db.onversionchange = () => {
      db.close();
      this.idb = null;
    };
    this.idb = db;
    return db;
  }

  async flushIdb() {
    if (this.dirtyChats.size === 0) return;
    const ids = [...this.dirtyChats];
    this.dirtyChats.clear();
    const db = await this.openIdb();
    await new Promise((resolve, reject) => {
      const tx = db.transaction('chat', 'readwrite');
      const os = tx.objectStore('chat');
      for (const id of ids) {
        const chat = store.Chat.get(id);
        if (!chat) {
          os.delete(id);
          continue;
        }
        os.put({
          id,
          unreadCount: chat.unreadCount ?? 0,
          muteExpiration: chat.muteExpiration ?? 0,
          isAutoMuted: !!chat.isAutoMuted,
          archive: !!chat.archive,
        });
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    document.body.dataset.idbFlushed = String(Date.now());
  }
}
