import type { ExportFile, ExportMessage } from './export-schema';
import { isSystemType } from '../../shared/vocabulary';

/**
 * A self-contained HTML page that looks like a chat. Every piece of message data goes
 * through `esc`: a message can never become markup. No script runs (the page's CSP allows
 * none); images are embedded as data: URLs or linked beside the file.
 */

export type ExportLanguage = 'zh-CN' | 'en';

const LABELS = {
  'zh-CN': {
    account: '账号', chat: '会话', range: '时间范围', exported: '导出时间', messages: '消息数', all: '全部', edited: '已编辑',
    revokedEveryone: '已对所有人删除（原文保留）', revokedMe: '已为自己删除（原文保留）', forwarded: '转发', original: '原文', sha: '内容 SHA-256',
    media: '附件', notExported: '未导出', customer: '客户', timeZone: '时区', page: '页',
  },
  en: {
    account: 'Account', chat: 'Chat', range: 'Range', exported: 'Exported', messages: 'Messages', all: 'all', edited: 'edited',
    revokedEveryone: 'deleted for everyone (original kept)', revokedMe: 'deleted for me (original kept)', forwarded: 'forwarded',
    original: 'original', sha: 'Content SHA-256', media: 'Attachment', notExported: 'not exported', customer: 'Customer', timeZone: 'Time zone',
    page: 'page',
  },
} as const;
export const labels = (lang: ExportLanguage) => LABELS[lang];

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | null | undefined): string => (s ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);
const multiline = (s: string) => esc(s).replace(/\r\n|\r|\n/g, '<br>');

/** "2024-05-01 14:30" in a zone; one formatter per export. */
export function timeFormatter(timeZone: string): (ms: number) => string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return (ms) => {
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  };
}

export function rangeText(file: ExportFile, fmt: (ms: number) => string, lang: ExportLanguage): string {
  const { from, to } = file.range;
  if (from === null && to === null) return labels(lang).all;
  return `${from !== null ? fmt(from) : '…'} – ${to !== null ? fmt(to) : '…'}`;
}

const CSS = `
body{margin:0;background:#e5ddd5;font:14px/1.45 -apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans",Arial,sans-serif;color:#111}
header{background:#075e54;color:#fff;padding:16px 24px}header h1{margin:0 0 6px;font-size:20px}
header dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:12px;opacity:.95}header dd{margin:0;word-break:break-all}
section.chat{max-width:860px;margin:0 auto;padding:12px 16px 24px}section.chat>h2{font-size:15px;color:#075e54;background:#fff;border-radius:8px;padding:8px 12px}
.day{text-align:center;margin:14px 0 8px}.day span{background:#e1f3fb;border-radius:8px;padding:3px 10px;font-size:12px;color:#555}
.msg{display:flex;margin:3px 0}.msg.out{justify-content:flex-end}
.bubble{max-width:72%;background:#fff;border-radius:8px;padding:6px 9px 4px;box-shadow:0 1px .5px rgba(0,0,0,.13);word-wrap:break-word;overflow-wrap:anywhere}
.out .bubble{background:#dcf8c6}.sys .bubble{background:#fff5c4;max-width:90%;margin:0 auto;font-size:12px}
.sender{font-size:12px;font-weight:600;color:#1f7aec}.meta{font-size:11px;color:#667;text-align:right;margin-top:2px}
.flag{font-size:11px;color:#a33;font-style:italic}.quote{border-left:3px solid #25d366;background:rgba(0,0,0,.05);padding:3px 6px;margin-bottom:4px;font-size:12px;color:#444}
.reactions{font-size:12px;margin-top:2px}.media img{max-width:100%;max-height:360px;border-radius:6px;display:block}
.media a,.media span{font-size:12px}.rev{font-size:11px;color:#666;border-top:1px dashed #ccc;margin-top:4px;padding-top:2px}
footer{max-width:860px;margin:0 auto 24px;padding:0 16px;font-size:11px;color:#555;word-break:break-all}
@media print{body{background:#fff}header{background:#fff;color:#000;border-bottom:1px solid #999}.msg{break-inside:avoid}.bubble{border:1px solid #d5d5d5;box-shadow:none}}
`;

export interface HtmlOptions {
  timeZone: string;
  language: ExportLanguage;
  /** data: URLs of images to show inline, by sha256. */
  embedded: Map<string, string>;
  /** For printing: the header and footer come from the PDF templates. */
  forPdf?: boolean;
}

function mediaHtml(m: ExportMessage, o: HtmlOptions): string {
  const media = m.media;
  if (!media) return '';
  const L = labels(o.language);
  const name = esc(media.filename ?? media.mime ?? m.type);
  const inline = media.sha256 ? o.embedded.get(media.sha256) : undefined;
  if (inline) return `<div class="media"><img src="${esc(inline)}" alt="${name}"></div>`;
  if (media.file) return `<div class="media"><a href="${esc(encodeURI(media.file))}">📎 ${name}</a></div>`;
  return `<div class="media"><span>📎 ${esc(L.media)}: ${name} (${esc(media.status === 'stored' ? L.notExported : media.status)})</span></div>`;
}

function messageHtml(m: ExportMessage, group: boolean, fmt: (ms: number) => string, o: HtmlOptions): string {
  const L = labels(o.language);
  const system = isSystemType(m.type);
  const cls = system ? 'sys' : m.fromMe ? 'out' : 'in';
  const parts: string[] = [];
  if (group && !m.fromMe && !system) parts.push(`<div class="sender">${esc(m.senderName ?? m.senderId ?? '')}</div>`);
  if (m.quoted) parts.push(`<div class="quote">${multiline(m.quoted.text ?? '…')}</div>`);
  if (m.forwarded) parts.push(`<div class="flag">↪ ${esc(L.forwarded)}</div>`);
  parts.push(mediaHtml(m, o));
  if (m.text) parts.push(`<div class="text">${multiline(m.text)}</div>`);
  if (m.revisions.length > 0) {
    const original = m.body ?? m.caption;
    if (original !== null) parts.push(`<div class="rev">${esc(L.original)}: ${multiline(original)}</div>`);
  }
  if (m.revoked) parts.push(`<div class="flag">🚫 ${esc(m.revoked === 'everyone' ? L.revokedEveryone : L.revokedMe)}</div>`);
  if (m.reactions.length) parts.push(`<div class="reactions">${m.reactions.map((r) => `${esc(r.emoji)} ${r.count}`).join(' ')}</div>`);
  parts.push(`<div class="meta">${esc(fmt(m.ts))}${m.revisions.length ? ` · ${esc(L.edited)}` : ''}</div>`);
  return `<div class="msg ${cls}" id="m-${esc(m.id)}"><div class="bubble">${parts.join('')}</div></div>`;
}

export function renderHtml(file: ExportFile, o: HtmlOptions): string {
  const L = labels(o.language);
  const fmt = timeFormatter(o.timeZone);
  const day = (ms: number) => fmt(ms).slice(0, 10);
  const accounts = [...new Set(file.chats.map((c) => c.accountLabel))].join(', ');
  const head = `<header><h1>${esc(file.title)}</h1><dl>
<dt>${esc(L.account)}</dt><dd>${esc(accounts)}</dd>
<dt>${esc(L.chat)}</dt><dd>${esc(file.chats.map((c) => `${c.chatName ?? c.chatId} (${c.chatId})`).join(', '))}</dd>
<dt>${esc(L.range)}</dt><dd>${esc(rangeText(file, fmt, o.language))}</dd>
<dt>${esc(L.messages)}</dt><dd>${file.messageCount}</dd>
<dt>${esc(L.exported)}</dt><dd>${esc(fmt(file.exportedAt))} (${esc(L.timeZone)} ${esc(o.timeZone)})</dd>
<dt>${esc(L.sha)}</dt><dd>${esc(file.contentSha256)}</dd></dl></header>`;
  const sections = file.chats.map((c) => {
    const group = c.kind !== 'direct';
    let lastDay = '';
    const rows: string[] = [];
    for (const m of c.messages) {
      const d = day(m.ts);
      if (d !== lastDay) rows.push(`<div class="day"><span>${esc(d)}</span></div>`);
      lastDay = d;
      rows.push(messageHtml(m, group, fmt, o));
    }
    return `<section class="chat"><h2>${esc(c.chatName ?? c.chatId)} · ${esc(c.accountLabel)} · ${esc(c.chatId)}</h2>${rows.join('\n')}</section>`;
  });
  const foot = o.forPdf ? '' : `<footer>${esc(L.sha)}: ${esc(file.contentSha256)}</footer>`;
  return `<!doctype html>
<html lang="${o.language}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(file.title)}</title><style>${CSS}</style></head>
<body>${head}
${sections.join('\n')}
${foot}</body></html>
`;
}
