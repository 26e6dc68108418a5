import { z } from 'zod';
import { COMPOSER_FAILURES, type ComposerInsertResult } from '../../shared/translate-views';

/**
 * Putting text into WhatsApp Web's message box of the open chat — the only thing Switchboard
 * ever types into a live page, and never Enter: the rep reads the text and sends it.
 *
 * WhatsApp's message box is a rich-text editor that keeps its own model of the text and
 * listens to `beforeinput`; setting `textContent` would show text the editor does not know
 * (and would not send). `document.execCommand('insertText')` goes through the browser's
 * editing pipeline (beforeinput → input, inputType insertText) exactly like typing or a
 * paste, so the editor takes it. Should a later Chromium refuse execCommand, a synthetic
 * `beforeinput` InputEvent carrying the text is the fallback editors handle the same way.
 * The script checks the box holds the text afterwards and reports, never assumes.
 *
 * Which chat is open: WhatsApp's chat collection knows its active chat (`getActive()`); when
 * the page can tell, a different open chat refuses the insertion (the text was written for
 * another buyer). When it cannot tell, the text goes in and `chatChecked` is false: the rep
 * still sees the chat before pressing Enter.
 *
 * Versioned: selectors belong to a WhatsApp Web build line and are checked against the
 * whatsapp-web.js release we pin (whose simulator page has the same message box). Bumping
 * whatsapp-web.js fails tests/unit/capture/composer-adapter.test.ts until an adapter is
 * re-checked or added here.
 */

export interface ComposerAdapter {
  /** Reported with every insertion. */
  id: string;
  /** The whatsapp-web.js release this adapter was checked against. */
  wwebjs: string;
  /** window.Debug.VERSION prefixes it applies to. */
  waVersionPrefixes: string[];
  /** The message box of the open chat, most specific first. */
  composer: string[];
  /** Where the page's chat collection is (the module whatsapp-web.js reads it from); its getActive() is the open chat. */
  chats: { module: string; key: string };
}

/** Newest last: a page whose version matches none gets the newest (and says so in `adapter`). */
export const COMPOSER_ADAPTERS: readonly ComposerAdapter[] = [
  {
    id: 'wa2.3000/1',
    wwebjs: '1.34.7',
    waVersionPrefixes: ['2.3000.'],
    composer: [
      'footer [contenteditable="true"][data-tab="10"]',
      '#main footer div[contenteditable="true"][role="textbox"]',
      'footer div[contenteditable="true"][role="textbox"]',
    ],
    chats: { module: 'WAWebCollections', key: 'Chat' },
  },
];

/** Runs scripts in an account's live WhatsApp page; main binds it to the account views, tests to puppeteer pages. */
export interface AccountPages {
  /**
   * Evaluates `expression` in the page's main world and resolves with its (awaited) value;
   * null when the account has no live page.
   */
  evaluate(accountId: string, expression: string): Promise<{ value: unknown } | null>;
  /** Gives the account's view the keyboard, so the rep's Enter goes to WhatsApp. */
  focus?(accountId: string): void;
}

/**
 * The page-side script. A string on purpose: it runs in the page (no DOM types on the node
 * side) and must be exactly this code whatever transpiler loaded this file.
 */
const PAGE_SCRIPT = String.raw`async (args) => {
  const version = (window.Debug && typeof window.Debug.VERSION === 'string') ? window.Debug.VERSION : null;
  const adapter = args.adapters.find((a) => version && a.waVersionPrefixes.some((p) => version.startsWith(p)))
    || args.adapters[args.adapters.length - 1];
  const answer = (o) => Object.assign({ adapter: adapter.id, waVersion: version, detail: null }, o);
  let checked = false;
  let active = null;
  try {
    const mod = typeof window.require === 'function' ? window.require(adapter.chats.module) : null;
    const coll = mod && mod[adapter.chats.key];
    if (coll && typeof coll.getActive === 'function') {
      const chat = coll.getActive();
      checked = true;
      active = chat && chat.id ? String(chat.id._serialized) : null;
    }
  } catch (e) {
    checked = false;
  }
  if (checked && active !== args.chatId) return answer({ ok: false, reason: active ? 'OTHER_CHAT' : 'NO_COMPOSER', detail: active });
  let box = null;
  for (const sel of adapter.composer) {
    const el = document.querySelector(sel);
    if (el && el.isContentEditable && el.getClientRects().length > 0) { box = el; break; }
  }
  if (!box) return answer({ ok: false, reason: 'NO_COMPOSER' });
  const flat = (s) => String(s).replace(/\s+/g, ' ').trim();
  const selectAll = () => {
    box.focus();
    const range = document.createRange();
    range.selectNodeContents(box);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  };
  // The box ends up holding exactly the text (what was there is replaced; Ctrl+Z brings it back).
  selectAll();
  let took = false;
  try { took = document.execCommand('insertText', false, args.text); } catch (e) { took = false; }
  if (!took || flat(box.innerText) !== flat(args.text)) {
    selectAll();
    const ev = new InputEvent('beforeinput', { inputType: 'insertText', data: args.text, bubbles: true, cancelable: true, composed: true });
    box.dispatchEvent(ev);
  }
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  if (flat(box.innerText) !== flat(args.text)) return answer({ ok: false, reason: 'INSERT_FAILED', detail: 'the message box did not take the text' });
  return answer({ ok: true, chatChecked: checked });
}`;

/** The expression that inserts `text` for `chatId` and resolves with the page's answer. */
export function composerInsertScript(chatId: string, text: string, adapters: readonly ComposerAdapter[] = COMPOSER_ADAPTERS): string {
  if (adapters.length === 0) throw new Error('No composer adapter.');
  return `(${PAGE_SCRIPT})(${JSON.stringify({ chatId, text, adapters })})`;
}

const PageAnswer = z.union([
  z.object({ ok: z.literal(true), adapter: z.string(), chatChecked: z.boolean() }),
  z.object({ ok: z.literal(false), adapter: z.string(), reason: z.enum(COMPOSER_FAILURES), detail: z.string().nullable() }),
]);

/** The page's answer as a result; anything unexpected is a failed insertion, never a success. */
export function parseComposerAnswer(raw: unknown): ComposerInsertResult {
  const r = PageAnswer.safeParse(raw);
  if (!r.success) return { ok: false, reason: 'INSERT_FAILED', adapter: null, detail: 'unexpected answer from the page' };
  return r.data.ok
    ? { ok: true, adapter: r.data.adapter, chatChecked: r.data.chatChecked }
    : { ok: false, reason: r.data.reason, adapter: r.data.adapter, detail: r.data.detail };
}

/** Inserts text into the message box of an account's open chat. Nothing is sent. */
export async function insertIntoComposer(pages: AccountPages, accountId: string, chatId: string, text: string): Promise<ComposerInsertResult> {
  let run: { value: unknown } | null;
  try {
    run = await pages.evaluate(accountId, composerInsertScript(chatId, text));
  } catch (err) {
    // the page navigated or crashed mid-call
    return { ok: false, reason: 'INSERT_FAILED', adapter: null, detail: err instanceof Error ? err.message : String(err) };
  }
  if (!run) return { ok: false, reason: 'NOT_LIVE', adapter: null, detail: null };
  const result = parseComposerAnswer(run.value);
  if (result.ok) pages.focus?.(accountId);
  return result;
}
