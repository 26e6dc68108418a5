// Backbone-style events, models and collections, the shape WhatsApp Web's own models have
// and whatsapp-web.js relies on: space-separated event names, once(), set() firing
// change:<attr> (model, new, prev) then change, collections re-emitting their models' events.

function callSafely(handler, args) {
  try {
    const r = handler.cb.apply(handler.ctx, args);
    if (r && typeof r.catch === 'function') r.catch((e) => console.error('[wa-sim] async listener failed', e));
  } catch (e) {
    console.error('[wa-sim] listener failed', e);
  }
}

export class Events {
  on(names, cb, ctx) {
    if (typeof cb !== 'function') return this;
    this._events ??= new Map();
    for (const name of String(names).split(/\s+/)) {
      if (!name) continue;
      const list = this._events.get(name) ?? [];
      list.push({ cb, ctx: ctx ?? this });
      this._events.set(name, list);
    }
    return this;
  }

  once(names, cb, ctx) {
    const self = this;
    const wrapper = function (...args) {
      self.off(names, wrapper);
      return cb.apply(this, args);
    };
    wrapper._original = cb;
    return this.on(names, wrapper, ctx);
  }

  off(names, cb) {
    if (!this._events) return this;
    const list = names ? String(names).split(/\s+/).filter(Boolean) : [...this._events.keys()];
    for (const name of list) {
      if (!cb) {
        this._events.delete(name);
        continue;
      }
      const kept = (this._events.get(name) ?? []).filter((h) => h.cb !== cb && h.cb._original !== cb);
      if (kept.length) this._events.set(name, kept);
      else this._events.delete(name);
    }
    return this;
  }

  trigger(name, ...args) {
    const handlers = this._events?.get(name);
    if (handlers) for (const h of [...handlers]) callSafely(h, args);
    const all = this._events?.get('all');
    if (all) for (const h of [...all]) callSafely(h, [name, ...args]);
    return this;
  }

  listenerCount(name) {
    return this._events?.get(name)?.length ?? 0;
  }
}

/** A WhatsApp id (`user@server`), as WAWebWidFactory creates it. */
export class Wid {
  constructor(serialized) {
    const s = String(serialized);
    const at = s.lastIndexOf('@');
    this.user = at >= 0 ? s.slice(0, at) : s;
    this.server = at >= 0 ? s.slice(at + 1) : 'c.us';
    this._serialized = at >= 0 ? s : `${s}@c.us`;
  }
  isLid() { return this.server === 'lid'; }
  isGroup() { return this.server === 'g.us'; }
  isUser() { return this.server === 'c.us' || this.server === 'lid'; }
  isBroadcast() { return this.server === 'broadcast'; }
  isNewsletter() { return this.server === 'newsletter'; }
  isStatus() { return this._serialized === 'status@broadcast'; }
  toString() { return this._serialized; }
  equals(other) { return !!other && widString(other) === this._serialized; }
  toJSON() { return { server: this.server, user: this.user, _serialized: this._serialized }; }
}

export function widString(w) {
  if (w == null) return undefined;
  if (typeof w === 'string') return w;
  if (typeof w === 'object' && typeof w._serialized === 'string') return w._serialized;
  return String(w);
}

export function toWid(w) {
  if (w == null) return undefined;
  if (w instanceof Wid) return w;
  return new Wid(widString(w));
}

/** Turns model attribute values into plain JSON-safe data (what serialize() returns). */
export function plain(value) {
  if (value == null || typeof value !== 'object') return value;
  if (value instanceof Wid) return value.toJSON();
  if (typeof value.serialize === 'function') return value.serialize();
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return undefined;
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v);
  return out;
}

export class Model extends Events {
  constructor(attrs = {}) {
    super();
    this._collections = new Set();
    this._attrKeys = new Set();
    for (const [k, v] of Object.entries(attrs)) {
      this[k] = v;
      this._attrKeys.add(k);
    }
  }

  get(key) {
    return this[key];
  }

  /** Sets attributes, then fires change:<attr> (model, new, prev) for each, then change. */
  set(attrs, options = {}) {
    const changes = [];
    for (const [k, v] of Object.entries(attrs)) {
      this._attrKeys.add(k);
      const prev = this[k];
      if (prev === v) continue;
      this[k] = v;
      changes.push([k, v, prev]);
    }
    if (!options.silent && changes.length) {
      for (const [k, v, prev] of changes) this.trigger(`change:${k}`, this, v, prev);
      this.trigger('change', this);
    }
    return this;
  }

  trigger(name, ...args) {
    super.trigger(name, ...args);
    for (const c of this._collections) c._onModelEvent(name, args);
    return this;
  }

  serialize() {
    const out = {};
    for (const k of this._attrKeys) out[k] = plain(this[k]);
    return out;
  }

  toJSON() {
    return this.serialize();
  }
}

export class Collection extends Events {
  constructor(options = {}) {
    super();
    this._byId = new Map();
    this._list = [];
    this._comparator = options.comparator ?? null;
  }

  get length() {
    return this._list.length;
  }

  get models() {
    return this._list;
  }

  get(id) {
    const key = widString(id);
    return key === undefined ? undefined : this._byId.get(key);
  }

  has(id) {
    return this.get(id) !== undefined;
  }

  add(models, options = {}) {
    const list = Array.isArray(models) ? models : [models];
    const added = [];
    for (const m of list) {
      const key = widString(m.id);
      if (this._byId.has(key)) continue;
      this._byId.set(key, m);
      m._collections.add(this);
      this._insert(m);
      added.push(m);
    }
    if (!options.silent) for (const m of added) this.trigger('add', m, this, options);
    return added;
  }

  _insert(m) {
    if (!this._comparator) {
      this._list.push(m);
      return;
    }
    let lo = 0;
    let hi = this._list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this._comparator(this._list[mid], m) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this._list.splice(lo, 0, m);
  }

  remove(models, options = {}) {
    const list = Array.isArray(models) ? models : [models];
    const removed = [];
    for (const item of list) {
      const m = item instanceof Model ? item : this.get(item);
      if (!m || !this._byId.has(widString(m.id))) continue;
      this._byId.delete(widString(m.id));
      const i = this._list.indexOf(m);
      if (i >= 0) this._list.splice(i, 1);
      m._collections.delete(this);
      removed.push(m);
    }
    if (!options.silent) for (const m of removed) this.trigger('remove', m, this, options);
    return removed;
  }

  reset() {
    for (const m of this._list) m._collections.delete(this);
    this._byId.clear();
    this._list = [];
  }

  getModelsArray() {
    return [...this._list];
  }

  forEach(fn) {
    this._list.forEach(fn);
  }

  map(fn) {
    return this._list.map(fn);
  }

  filter(fn) {
    return this._list.filter(fn);
  }

  at(i) {
    return this._list[i];
  }

  head() {
    return this._list[0];
  }

  last() {
    return this._list[this._list.length - 1];
  }

  serialize() {
    return this._list.map((m) => m.serialize());
  }

  toJSON() {
    return this.serialize();
  }

  /** Collections re-emit their models' events; add/remove only from the collection itself. */
  _onModelEvent(name, args) {
    if (name === 'add' || name === 'remove') return;
    this.trigger(name, ...args);
  }
}
