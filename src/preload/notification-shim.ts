/**
 * Replaces WhatsApp Web's `window.Notification` in the page's main world, so every
 * notification goes to main (which shows a native one, honours do-not-disturb and knows
 * the account) and a click runs WhatsApp's own `onclick`, which opens the right chat.
 *
 * Installed with contextBridge.executeInMainWorld, which serializes the function: it must
 * not reference anything outside itself. The bridge's functions cross worlds as proxies.
 */

export interface NotificationPayload {
  id: number;
  title: string;
  body: string;
  tag: string | null;
  silent: boolean;
}

export interface NotificationBridge {
  notify(payload: NotificationPayload): void;
  /** Receives the function main-world code must run when notification `id` is clicked. */
  onClick(handler: (id: number) => void): void;
}

export function installNotificationShim(bridge: NotificationBridge): void {
  const KEEP = 100;
  const live = new Map<number, EventTarget>();
  let nextId = 1;
  type Handler = ((this: unknown, ev: Event) => unknown) | null;

  class SwitchboardNotification extends EventTarget {
    static get permission(): string {
      return 'granted';
    }
    static requestPermission(callback?: (p: string) => void): Promise<string> {
      if (typeof callback === 'function') callback('granted');
      return Promise.resolve('granted');
    }
    static get maxActions(): number {
      return 0;
    }
    readonly title: string;
    readonly body: string;
    readonly tag: string;
    readonly icon: string;
    readonly data: unknown;
    readonly silent: boolean;
    onclick: Handler = null;
    onclose: Handler = null;
    onshow: Handler = null;
    onerror: Handler = null;
    readonly #id: number;

    constructor(title: unknown, options?: Record<string, unknown>) {
      super();
      const o = options ?? {};
      this.title = String(title ?? '');
      this.body = typeof o['body'] === 'string' ? o['body'] : '';
      this.tag = typeof o['tag'] === 'string' ? o['tag'] : '';
      this.icon = typeof o['icon'] === 'string' ? o['icon'] : '';
      this.data = o['data'] ?? null;
      this.silent = o['silent'] === true;
      this.#id = nextId++;
      live.set(this.#id, this);
      if (live.size > KEEP) live.delete(live.keys().next().value as number);
      bridge.notify({ id: this.#id, title: this.title, body: this.body, tag: this.tag || null, silent: this.silent });
      queueMicrotask(() => this.#fire('show', this.onshow));
    }

    close(): void {
      if (live.delete(this.#id)) this.#fire('close', this.onclose);
    }

    click(): void {
      this.#fire('click', this.onclick);
    }

    #fire(type: string, handler: Handler): void {
      const ev = new Event(type, { cancelable: true });
      this.dispatchEvent(ev);
      if (typeof handler === 'function') handler.call(this, ev);
    }
  }

  bridge.onClick((id: number) => {
    const n = live.get(id) as SwitchboardNotification | undefined;
    if (!n) return;
    n.click();
    live.delete(id);
  });

  Object.defineProperty(globalThis, 'Notification', {
    value: SwitchboardNotification,
    configurable: true,
    writable: true,
    enumerable: false,
  });
}
