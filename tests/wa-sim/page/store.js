// The page's WhatsApp Web state: models, collections and the `window.require('WAWeb…')`
// module table that whatsapp-web.js 1.34.7 reads. Data arrives from the simulator server
// (net.js); this file only turns it into models and serves the module surface.
import { Collection, Events, Model, Wid, plain, toWid, widString } from './backbone.js';

export const WA_WEB_VERSION = '2.3000.1017054665';

// ---------------------------------------------------------------- ids and keys

export class MsgKey {
  constructor({ fromMe, remote, id, participant }) {
    this.fromMe = !!fromMe;
    this.remote = toWid(remote);
    this.id = String(id);
    if (participant) this.participant = toWid(participant);
    this._serialized = `${this.fromMe}_${this.remote._serialized}_${this.id}${participant ? `_${widString(participant)}` : ''}`;
  }
  toString() { return this._serialized; }
  toJSON() {
    const out = { fromMe: this.fromMe, remote: this.remote.toJSON(), id: this.id, _serialized: this._serialized };
    if (this.participant) out.participant = this.participant.toJSON();
    return out;
  }
}

// ---------------------------------------------------------------- models

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);

export class Msg extends Model {
  get mediaObject() {
    return this.directPath ? { type: this.type, filehash: this.filehash } : undefined;
  }
  get isEphemeral() { return false; }
  get isStatusV3() { return this.id?.remote?._serialized === 'status@broadcast'; }

  /** WhatsApp resolves media before download; expired media ends in an error stage. */
  async downloadMedia() {
    if (!this.directPath || !this.mediaData) return;
    this.mediaData.mediaStage = 'FETCHING';
    try {
      const res = await fetch(mediaUrl(this.directPath), { method: 'HEAD' });
      this.mediaData.mediaStage = res.ok ? 'RESOLVED' : res.status === 404 ? 'ERROR_MISSING' : 'ERROR_UNKNOWN';
    } catch {
      this.mediaData.mediaStage = 'ERROR_UNKNOWN';
    }
  }
}

export class Chat extends Model {
  constructor(attrs) {
    super(attrs);
    this.msgs = new Collection({ comparator: byTime });
    this._attrKeys.add('msgs');
  }
  get formattedTitle() {
    if (this.groupMetadata?.subject) return this.groupMetadata.subject;
    if (this.name) return this.name;
    const c = store.Contact.get(this.id);
    if (c) return c.name || c.pushname || `+${c.phoneNumber?.user ?? c.id.user}`;
    return `+${this.id.user}`;
  }
  get mute() {
    return { expiration: this.muteExpiration ?? 0, isMuted: (this.muteExpiration ?? 0) !== 0 };
  }
  get isGroup() { return this.id.isGroup(); }
  serialize() {
    const out = super.serialize();
    // the message list is only probed for length by callers; ids keep it cheap
    out.msgs = this.msgs.map((m) => m.id._serialized);
    delete out.groupMetadata;
    return out;
  }
}

export class GroupMetadata extends Model {
  constructor(attrs) {
    super(attrs);
    this.participants ??= new Collection();
    this._attrKeys.add('participants');
  }
}

export class Participant extends Model {}
export class Contact extends Model {}

export function byTime(a, b) {
  return a.t - b.t || (a._seq ?? 0) - (b._seq ?? 0);
}

export function mediaUrl(directPath) {
  return `/mms${directPath}`;
}

// ---------------------------------------------------------------- the store

class SocketModel extends Model {
  takeover() {
    return store.net?.request({ op: 'takeover' });
  }
  logout() {
    return store.net?.logout();
  }
}

class ConnModel extends Model {
  canSetMyPushname() { return false; }
}

class MsgCollection extends Collection {
  async getMessagesById(ids) {
    const missing = ids.filter((id) => !this.get(id));
    if (missing.length && store.net) {
      const found = await store.net.request({ op: 'getMsgs', ids: missing });
      for (const data of found ?? []) if (!this.get(data.id._serialized ?? keyOf(data.id))) this.add(makeMsg(data, false));
    }
    return { messages: ids.map((id) => this.get(id)).filter(Boolean) };
  }
}

class LazyCollection extends Collection {
  constructor(create) {
    super();
    this._create = create;
  }
  async find(id) {
    return this.get(id) ?? (this._create ? this._create(id) : undefined);
  }
}

class GroupMetadataCollection extends LazyCollection {
  /** A server round trip in WhatsApp; here metadata is pushed with every change already. */
  async update(_wid) {
    return undefined;
  }
}

class ReactionsCollection extends LazyCollection {}

let seq = 0;

export const store = {
  net: null,
  me: null,
  Socket: new SocketModel({ state: 'UNLAUNCHED', hasSynced: false, stream: 'DISCONNECTED' }),
  Conn: new ConnModel({ ref: null, pushname: null, platform: 'android', phone: null, wid: null, battery: 100, plugged: true }),
  Cmd: new Events(),
  Msg: new MsgCollection(),
  Chat: new LazyCollection(),
  Contact: new LazyCollection((id) => {
    const c = new Contact({ id: toWid(id), isMyContact: false, isBusiness: false, isEnterprise: false, labels: [] });
    store.Contact.add(c);
    return c;
  }),
  GroupMetadata: new GroupMetadataCollection(),
  Reactions: new ReactionsCollection((id) => emptyReactions(id)),
  Blocklist: new Collection(),
  BusinessProfile: new LazyCollection(() => ({ profileOptions: undefined })),
  /** pn <-> lid, as WAWebApiContact knows them. */
  lidToPn: new Map(),
  pnToLid: new Map(),
  /** Per message: sender -> { emoji, tsMs, keyId, senderId }. */
  reactionsByMsg: new Map(),
  requested: new Set(),
};

store.Cmd.refreshQR = () => store.net?.request({ op: 'refreshQr' });

function keyOf(k) {
  return k instanceof MsgKey ? k._serialized : new MsgKey(k)._serialized;
}

// ---------------------------------------------------------------- data -> models

export function makeMsg(d, isNewMsg) {
  const key = new MsgKey(d.id);
  const attrs = {
    id: key,
    type: d.type,
    t: d.t,
    from: toWid(d.from),
    to: toWid(d.to),
    ack: d.ack ?? 0,
    isNewMsg: !!isNewMsg,
    star: false,
    broadcast: !!d.broadcast,
    isForwarded: !!d.forwarded,
    forwardingScore: d.forwardingScore ?? 0,
    notifyName: d.notifyName ?? '',
    mentionedJidList: (d.mentions ?? []).map(toWid),
    hasReaction: !!d.hasReaction,
    isNotification: !!d.isNotification,
  };
  if (d.author) attrs.author = toWid(d.author);
  if (d.body !== undefined && d.body !== null) attrs.body = d.body;
  if (d.caption !== undefined && d.caption !== null) attrs.caption = d.caption;
  if (d.subtype) attrs.subtype = d.subtype;
  if (d.recipients) attrs.recipients = d.recipients.map(toWid);
  if (d.quoted) {
    attrs.quotedMsg = { type: d.quoted.type, body: d.quoted.body ?? '' };
    attrs.quotedStanzaID = d.quoted.stanzaId;
    attrs.quotedParticipant = toWid(d.quoted.participant);
    attrs.quotedRemoteJid = toWid(d.quoted.remote);
  }
  if (d.location) {
    attrs.lat = d.location.lat;
    attrs.lng = d.location.lng;
    if (d.location.name || d.location.address) attrs.loc = [d.location.name ?? '', d.location.address ?? ''].join('\n');
    if (d.location.url) attrs.clientUrl = d.location.url;
  }
  if (d.type === 'multi_vcard') attrs.vcardList = (d.vcards ?? []).map((vcard) => ({ displayName: '', vcard }));
  if (d.media && MEDIA_TYPES.has(d.type)) {
    Object.assign(attrs, {
      directPath: d.media.directPath,
      mimetype: d.media.mimetype,
      filename: d.media.filename ?? undefined,
      size: d.media.size,
      mediaKey: d.media.mediaKey,
      filehash: d.media.filehash,
      encFilehash: d.media.filehash,
      mediaKeyTimestamp: d.t,
      mediaData: { mediaStage: 'INIT', type: d.type },
    });
    if (d.media.duration) attrs.duration = String(d.media.duration);
    if (d.media.isGif) attrs.isGif = true;
  }
  if (d.edit) {
    attrs.latestEditSenderTimestampMs = d.edit.atMs;
    attrs.latestEditMsgKey = new MsgKey({ ...d.id, id: d.edit.keyId, fromMe: d.id.fromMe });
  }
  if (d.type === 'revoked') {
    attrs.subtype = d.subtype ?? 'sender_revoke';
    attrs.protocolMessageKey = key;
  }
  const m = new Msg(attrs);
  m._seq = seq++;
  return m;
}

export function makeParticipant(p) {
  return new Participant({ id: toWid(p.id), isAdmin: !!p.isAdmin, isSuperAdmin: !!p.isSuperAdmin });
}

export function applyGroupMetadata(chatId, g) {
  const wid = toWid(chatId);
  let meta = store.GroupMetadata.get(wid);
  const attrs = {
    id: wid,
    subject: g.subject,
    creation: g.creation,
    owner: g.owner ? toWid(g.owner) : undefined,
    desc: g.desc ?? '',
    announce: !!g.announce,
    restrict: !!g.restrict,
    isParentGroup: !!g.isParentGroup,
    parentGroup: g.parentGroup ? toWid(g.parentGroup) : undefined,
    defaultSubgroup: !!g.defaultSubgroup,
    groupType: g.groupType ?? 'DEFAULT',
    isLidAddressingMode: !!g.isLidAddressingMode,
  };
  if (!meta) {
    meta = new GroupMetadata(attrs);
    store.GroupMetadata.add(meta);
  } else {
    meta.set(attrs);
  }
  const next = new Map(g.participants.map((p) => [widString(p.id), p]));
  for (const existing of meta.participants.getModelsArray()) {
    if (!next.has(existing.id._serialized)) meta.participants.remove(existing);
  }
  for (const [id, p] of next) {
    const cur = meta.participants.get(id);
    if (cur) cur.set({ isAdmin: !!p.isAdmin, isSuperAdmin: !!p.isSuperAdmin });
    else meta.participants.add(makeParticipant(p));
  }
  return meta;
}

export function applyChat(d) {
  const wid = toWid(d.id);
  const attrs = {
    id: wid,
    name: d.name ?? undefined,
    t: d.t ?? 0,
    unreadCount: d.unreadCount ?? 0,
    archive: !!d.archive,
    pin: d.pin ?? 0,
    isLocked: false,
    muteExpiration: d.muteExpiration ?? 0,
    isAutoMuted: !!d.isAutoMuted,
    isReadOnly: !!d.group?.announce,
    endOfHistoryTransferType: d.endOfHistoryTransferType ?? 1,
    notSpam: true,
  };
  let chat = store.Chat.get(wid);
  if (d.group) attrs.groupMetadata = applyGroupMetadata(d.id, d.group);
  if (!chat) {
    chat = new Chat(attrs);
    store.Chat.add(chat);
  } else {
    chat.set(attrs);
  }
  return chat;
}

export function applyContact(d) {
  const wid = toWid(d.id);
  const attrs = {
    id: wid,
    name: d.name ?? undefined,
    shortName: d.shortName ?? undefined,
    pushname: d.pushname ?? undefined,
    type: 'in',
    isBusiness: !!d.isBusiness,
    isEnterprise: false,
    verifiedName: d.isBusiness ? (d.name ?? d.pushname) : undefined,
    verifiedLevel: d.isBusiness ? 0 : undefined,
    statusMute: false,
    isContactBlocked: false,
    isMyContact: !!d.isMyContact,
    labels: [],
  };
  if (d.phoneNumber) attrs.phoneNumber = toWid(d.phoneNumber);
  if (d.lid) {
    store.lidToPn.set(d.lid, d.phoneNumber ?? d.id);
    store.pnToLid.set(d.phoneNumber ?? d.id, d.lid);
  }
  const existing = store.Contact.get(wid);
  if (existing) existing.set(attrs);
  else store.Contact.add(new Contact(attrs));
}

/** Adds a message to its chat (creating a bare chat if needed) and to Msg. */
export function addMsg(d, isNewMsg) {
  const m = makeMsg(d, isNewMsg);
  if (store.Msg.get(m.id)) return store.Msg.get(m.id);
  let chat = store.Chat.get(m.id.remote);
  if (!chat) chat = applyChat({ id: m.id.remote._serialized, t: m.t });
  // in WhatsApp a chat's list and the global Msg collection hold the same model
  chat.msgs.add(m, { silent: !isNewMsg });
  store.Msg.add(m);
  if (isNewMsg && !m.isNotification) {
    const patch = { t: Math.max(chat.t ?? 0, m.t) };
    if (!m.id.fromMe) {
      patch.lastReceivedKey = m.id;
      patch.unreadCount = (chat.unreadCount ?? 0) + 1;
    }
    chat.set(patch);
  } else if (!m.id.fromMe && !m.isNotification && (!chat.lastReceivedKey || chat.t <= m.t)) {
    chat.set({ lastReceivedKey: m.id }, { silent: true });
  }
  return m;
}

// ---------------------------------------------------------------- reactions

function emptyReactions(id) {
  const reactions = new Collection();
  return { id, reactions };
}

function reactionSender(parentKey, r) {
  const parent = parentKey;
  const keyAttrs = { fromMe: r.fromMe, remote: parent.remote, id: r.keyId };
  if (parent.remote.isGroup()) keyAttrs.participant = r.senderId;
  const msgKey = new MsgKey(keyAttrs);
  return new Model({
    id: msgKey,
    msgKey,
    parentMsgKey: parent,
    orphan: 0,
    orphanReason: null,
    reactionText: r.emoji,
    read: true,
    senderUserJid: r.senderId,
    timestamp: r.tsMs,
    ack: 1,
  });
}

/** What Reactions.find(msgId) resolves to: emoji aggregates with their senders. */
store.Reactions.find = async (msgId) => {
  const id = widString(msgId);
  const msg = store.Msg.get(id);
  const per = store.reactionsByMsg.get(id);
  const out = emptyReactions(id);
  if (!msg || !per) return out;
  const byEmoji = new Map();
  for (const r of per.values()) {
    if (!r.emoji) continue;
    const list = byEmoji.get(r.emoji) ?? [];
    list.push(r);
    byEmoji.set(r.emoji, list);
  }
  for (const [emoji, list] of byEmoji) {
    const senders = new Collection();
    senders.add(list.map((r) => reactionSender(msg.id, r)));
    out.reactions.add(new Model({ id: emoji, aggregateEmoji: emoji, hasReactionByMe: list.some((r) => r.fromMe), senders }));
  }
  return out;
};

/** The table whatsapp-web.js hooks (injectToFunction) to see reactions arrive. */
const reactionTableMode = {
  bulkUpsert(records) {
    for (const rec of records) {
      const parentId = widString(rec.reactionParentKey);
      const senderId = widString(rec.author ?? rec.from);
      const per = store.reactionsByMsg.get(parentId) ?? new Map();
      per.set(senderId, { emoji: rec.reactionText, tsMs: rec.reactionTimestamp, keyId: rec.id.id, senderId, fromMe: rec.id.fromMe });
      store.reactionsByMsg.set(parentId, per);
      const msg = store.Msg.get(parentId);
      if (msg) msg.set({ hasReaction: [...per.values()].some((r) => r.emoji) });
    }
    return Promise.resolve();
  },
};

export function storeReaction(r, live) {
  const parent = store.Msg.get(r.parentId);
  const parentKey = parent ? parent.id : null;
  if (!live || !parentKey) {
    const per = store.reactionsByMsg.get(r.parentId) ?? new Map();
    per.set(r.senderId, { emoji: r.emoji, tsMs: r.tsMs, keyId: r.keyId, senderId: r.senderId, fromMe: !!r.fromMe });
    store.reactionsByMsg.set(r.parentId, per);
    if (parent && !live) parent.set({ hasReaction: [...per.values()].some((x) => x.emoji) }, { silent: true });
    return;
  }
  const keyAttrs = { fromMe: !!r.fromMe, remote: parentKey.remote, id: r.keyId };
  if (parentKey.remote.isGroup()) keyAttrs.participant = r.senderId;
  const record = {
    id: new MsgKey(keyAttrs),
    reactionParentKey: parentKey,
    reactionText: r.emoji,
    reactionTimestamp: r.tsMs,
    orphan: 0,
    read: false,
    ack: 1,
  };
  if (parentKey.remote.isGroup()) record.author = toWid(r.senderId);
  else record.from = toWid(r.senderId);
  // looked up at call time: whatsapp-web.js replaces this function to observe reactions
  window.require('WAWebAddonReactionTableMode').reactionTableMode.bulkUpsert([toPlainRecord(record)]);
}

function toPlainRecord(rec) {
  // what crosses into the hook must survive JSON (it is passed on to Node)
  return JSON.parse(JSON.stringify(rec));
}

// ---------------------------------------------------------------- module table

const linkRe = /\b((?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]])/gi;

function contactIsMe(c) {
  const id = widString(c.id);
  return !!store.me && (id === store.me.pn || id === store.me.lid);
}

const getters = {
  getIsMe: contactIsMe,
  getIsUser: (c) => toWid(c.id).isUser(),
  getIsGroup: (c) => toWid(c.id).isGroup(),
  getIsWAContact: () => true,
  getUserid: (c) => (c.phoneNumber ? c.phoneNumber.user : toWid(c.id).user),
  getVerifiedName: (c) => c.verifiedName,
  getVerifiedLevel: (c) => c.verifiedLevel,
  getStatusMute: (c) => !!c.statusMute,
  getName: (c) => c.name,
  getShortName: (c) => c.shortName,
  getPushname: (c) => c.pushname,
  getIsEnterprise: (c) => !!c.isEnterprise,
  getIsBusiness: (c) => !!c.isBusiness,
  getFormattedName: (c) => c.name || c.pushname || toWid(c.id).user,
};

const modules = {
  WAWebSocketModel: { Socket: store.Socket },
  WAWebConnModel: { Conn: store.Conn },
  WAWebCmd: { Cmd: store.Cmd },
  WAWebOfflineHandler: {
    OfflineMessageHandler: { getOfflineDeliveryProgress: () => store.offlineProgress ?? 100 },
  },
  WABase64: {
    encodeB64: (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))),
    decodeB64: (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer,
  },
  WAWebCompanionRegClientUtils: { DEVICE_PLATFORM: 'Chrome' },
  WAWebUserPrefsInfoStore: {
    waNoiseInfo: { get: async () => ({ staticKeyPair: { pubKey: store.keys.noise } }) },
  },
  WAWebSignalStoreApi: {
    waSignalStore: { getRegistrationInfo: async () => ({ identityKeyPair: { pubKey: store.keys.identity } }) },
  },
  WAWebUserPrefsMultiDevice: { getADVSecretKey: () => store.keys.adv },
  WAWebUserPrefsMeUser: {
    getMaybeMePnUser: () => (store.me ? toWid(store.me.pn) : undefined),
    getMaybeMeLidUser: () => (store.me?.lid ? toWid(store.me.lid) : undefined),
    getMeUser: () => (store.me ? toWid(store.me.pn) : undefined),
  },
  WAWebCollections: {
    Msg: store.Msg,
    Chat: store.Chat,
    Contact: store.Contact,
    GroupMetadata: store.GroupMetadata,
    Reactions: store.Reactions,
    Blocklist: store.Blocklist,
    BusinessProfile: store.BusinessProfile,
  },
  WAWebSyncGatingUtils: {},
  WALinkify: {
    findLinks: (text) => {
      if (typeof text !== 'string' || !text) return [];
      return [...text.matchAll(linkRe)].map((m) => ({
        href: m[1].startsWith('www.') ? `http://${m[1]}` : m[1],
        url: m[1],
        suspiciousCharacters: new Set(),
      }));
    },
  },
  WAWebWidFactory: {
    createWid: (id) => toWid(id),
    createWidFromWidLike: (w) => toWid(w),
    createUserWid: (user, server = 'c.us') => new Wid(`${user}@${server}`),
  },
  WAWebChatLoadMessages: {
    /** Loads the next older page of a chat into chat.msgs; [] at the start of history. */
    loadEarlierMsgs: async ({ chat }) => {
      const oldest = chat.msgs.head();
      const page = await store.net.request({
        op: 'loadEarlier',
        chatId: chat.id._serialized,
        beforeId: oldest ? oldest.id._serialized : null,
        count: 50,
      });
      const models = [];
      for (const d of page.msgs) {
        const existing = store.Msg.get(new MsgKey(d.id)._serialized);
        const m = existing ?? makeMsg(d, false);
        if (!existing) store.Msg.add(m);
        chat.msgs.add(m, { silent: true });
        models.push(m);
      }
      for (const r of page.reactions ?? []) storeReaction(r, false);
      return models;
    },
  },
  WAWebDownloadManager: {
    downloadManager: {
      async downloadAndMaybeDecrypt({ directPath }) {
        const res = await fetch(mediaUrl(directPath));
        if (!res.ok) {
          const err = new Error(`media download failed: HTTP ${res.status}`);
          err.status = res.status;
          throw err;
        }
        return res.arrayBuffer();
      },
    },
  },
  WAWebFindChatAction: {
    findOrCreateLatestChat: async (wid) => {
      const chat = store.Chat.get(wid) ?? applyChat({ id: widString(wid), t: Math.floor(Date.now() / 1000) });
      return { chat, created: false };
    },
  },
  WAWebContactGetters: getters,
  WAWebFrontendContactGetters: { getIsMyContact: (c) => !!c.isMyContact },
  WAWebApiContact: {
    getAlternateUserWid: (wid) => {
      const id = widString(wid);
      const alt = store.lidToPn.get(id) ?? store.pnToLid.get(id);
      return alt ? toWid(alt) : undefined;
    },
    getCurrentLid: (wid) => {
      const lid = store.pnToLid.get(widString(wid));
      return lid ? toWid(lid) : undefined;
    },
    getPhoneNumber: (wid) => {
      const pn = store.lidToPn.get(widString(wid));
      return pn ? toWid(pn) : undefined;
    },
  },
  WAWebLidMigrationUtils: {
    toPn: (wid) => {
      const w = toWid(wid);
      if (!w) return undefined;
      if (!w.isLid()) return w;
      const pn = store.lidToPn.get(w._serialized);
      return pn ? toWid(pn) : undefined;
    },
    toLid: (wid) => {
      const w = toWid(wid);
      const lid = w && store.pnToLid.get(w._serialized);
      return lid ? toWid(lid) : undefined;
    },
  },
  WAWebChatGetters: {
    getIsNewsletter: (chat) => toWid(chat.id).isNewsletter(),
    getIsGroup: (chat) => toWid(chat.id).isGroup(),
    getIsBroadcast: (chat) => toWid(chat.id).isBroadcast(),
  },
  WAWebAddonReactionTableMode: { reactionTableMode },
  WAWebQuotedMsgModelUtils: {
    getQuotedMsgObj: (msg) => {
      if (!msg?.quotedStanzaID) return undefined;
      const remote = msg.quotedRemoteJid ?? msg.id.remote;
      const who = widString(msg.quotedParticipant);
      const fromMe = !!store.me && (who === store.me.pn || who === store.me.lid);
      const key = { fromMe, remote, id: msg.quotedStanzaID };
      if (toWid(remote).isGroup()) key.participant = msg.quotedParticipant;
      const found = store.Msg.get(new MsgKey(key)._serialized);
      return found ?? makeMsg({ id: key, type: msg.quotedMsg.type, body: msg.quotedMsg.body, t: msg.t, from: widString(msg.quotedParticipant), to: widString(remote) }, false);
    },
  },
  WAWebSendNonMessageDataRequest: {
    /** Asks the phone for more history of a chat (3 = history sync on demand). */
    sendPeerDataOperationRequest: async (type, { chatId }) => {
      if (type !== 3) return;
      await store.net.request({ op: 'historySync', chatId: widString(chatId) });
    },
  },
  WAWebMsgKey: { newId: async () => randomHex(10).toUpperCase() },
};

export function randomHex(bytes) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return [...a].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function installModules() {
  const adv = new Uint8Array(32);
  crypto.getRandomValues(adv);
  store.keys = {
    noise: crypto.getRandomValues(new Uint8Array(32)),
    identity: crypto.getRandomValues(new Uint8Array(32)),
    adv: btoa(String.fromCharCode(...adv)),
  };
  window.require = (name) => {
    store.requested.add(name);
    return modules[name];
  };
  window.Debug = { VERSION: WA_WEB_VERSION };
}

export { plain };
