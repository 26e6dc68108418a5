// npm run bench:exchange [-- --messages N]
// Bundle export and import of a corpus (no media), HTML export of a 10k-message chat, PDF
// export of 1k messages, and WhatsApp .txt import. Progress goes to stderr; the last stdout
// line is one JSON object.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../src/core/archive/key';
import { exportBundle } from '../src/core/exchange/bundle-export';
import { importBundle } from '../src/core/exchange/bundle-import';
import { exportChats } from '../src/core/exchange/chat-export';
import { importWhatsAppExport } from '../src/core/exchange/whatsapp-import';
import { type CorpusShape, accountId, chatIdOf, corpusMessage, messageBatch, setupOps } from './lib/corpus';
import { argValue, round, timed } from './lib/stats';

const shape: CorpusShape = { messages: argValue('messages', 200_000), accounts: 10, chats: 2000 };
const chatShape: CorpusShape = { messages: 10_000, accounts: 1, chats: 1, seed: 3 };
const TXT_MESSAGES = argValue('txt-messages', 20_000);
const BATCH = 25_000;
const log = (s: string) => process.stderr.write(`${s}\n`);
const work = mkdtempSync(path.join(tmpdir(), 'sb-bench-exchange-'));
const key = generateKey();

async function profile(name: string): Promise<{ archive: Archive; media: string }> {
  const { archive, paths } = await Archive.openProfile(path.join(work, name), staticKeyProvider(key), { create: true });
  return { archive, media: paths.media };
}

async function fill(archive: Archive, s: CorpusShape): Promise<void> {
  await archive.write(setupOps(s));
  for (let from = 0; from < s.messages; from += BATCH) await archive.write(messageBatch(s, from, from + BATCH));
}

/** A WhatsApp "Export chat" text in the Android English format, alternating sides. */
function whatsappText(n: number): string {
  const lines: string[] = [];
  const start = Date.UTC(2022, 0, 1, 9, 0);
  for (let i = 0; i < n; i++) {
    const d = new Date(start + i * 61_000);
    const h = d.getUTCHours();
    const clock = `${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
    const who = i % 2 === 0 ? 'Buyer 0' : 'Sales';
    lines.push(`${d.getUTCMonth() + 1}/${d.getUTCDate()}/${String(d.getUTCFullYear()).slice(2)}, ${clock} - ${who}: ${corpusMessage(shape, i).message.body}`);
  }
  return `${lines.join('\n')}\n`;
}

try {
  log(`exchange benchmark: ${shape.messages.toLocaleString()} messages in ${shape.accounts} accounts, ${shape.chats} chats (${work})`);
  const src = await profile('source');
  // the archive's own ingest of the same messages: the ceiling an import can reach on this machine now
  const [fillMs] = await timed(() => fill(src.archive, shape));
  const accounts = Array.from({ length: shape.accounts }, (_, a) => accountId(a));

  log('bundle export');
  const file = path.join(work, 'all.sbb');
  const [exportMs] = await timed(() => exportBundle({ archive: src.archive, mediaDir: src.media, file, accountIds: accounts }));
  const sealed = path.join(work, 'all-encrypted.sbb');
  const [sealedMs] = await timed(() => exportBundle({ archive: src.archive, mediaDir: src.media, file: sealed, accountIds: accounts, passphrase: 'bench pass' }));

  log('bundle import');
  const dst = await profile('target');
  const [importMs, imported] = await timed(() => importBundle({ archive: dst.archive, mediaDir: dst.media, file }));
  if (imported.messagesInserted !== shape.messages) throw new Error(`imported ${imported.messagesInserted} of ${shape.messages} messages`);
  const [reimportMs] = await timed(() => importBundle({ archive: dst.archive, mediaDir: dst.media, file }));
  await dst.archive.close();
  const dst2 = await profile('target-encrypted');
  const [sealedImportMs] = await timed(() => importBundle({ archive: dst2.archive, mediaDir: dst2.media, file: sealed, passphrase: 'bench pass' }));
  await dst2.archive.close();
  await src.archive.close();

  log('HTML export of one 10k-message chat, PDF of 1k messages');
  const one = await profile('one-chat');
  await fill(one.archive, chatShape);
  const chat = { kind: 'chat' as const, accountId: accountId(0), chatId: chatIdOf(0) };
  const [htmlMs, html] = await timed(() => exportChats({ archive: one.archive, mediaDir: one.media, outDir: path.join(work, 'html'), format: 'html', selection: chat }));
  if (html.messages !== chatShape.messages) throw new Error(`HTML export held ${html.messages} messages`);
  const first = corpusMessage(chatShape, 0).message.timestamp;
  const last1k = corpusMessage(chatShape, 999).message.timestamp;
  const [pdfMs, pdf] = await timed(() => exportChats({ archive: one.archive, mediaDir: one.media, outDir: path.join(work, 'pdf'), format: 'pdf',
    selection: chat, from: first, to: last1k }));
  if (pdf.messages !== 1000) throw new Error(`PDF export held ${pdf.messages} messages`);

  log(`WhatsApp .txt import of ${TXT_MESSAGES.toLocaleString()} messages`);
  const txt = path.join(work, 'WhatsApp Chat with Buyer.txt');
  writeFileSync(txt, whatsappText(TXT_MESSAGES));
  const [txtMs, txtResult] = await timed(() => importWhatsAppExport({ archive: one.archive, mediaDir: one.media, file: txt, accountId: accountId(0),
    chatId: '8613999999999@c.us', me: ['Sales'], timeZone: 'UTC', dateOrder: 'mdy' }));
  if (txtResult.imported !== TXT_MESSAGES) throw new Error(`imported ${txtResult.imported} of ${TXT_MESSAGES} lines`);
  await one.archive.close();

  const result = {
    messages: shape.messages,
    bundle_bytes: statSync(file).size,
    bundle_export_msgs_per_s: Math.round(shape.messages / (exportMs / 1000)),
    bundle_export_encrypted_msgs_per_s: Math.round(shape.messages / (sealedMs / 1000)),
    bundle_import_msgs_per_s: Math.round(shape.messages / (importMs / 1000)),
    archive_ingest_msgs_per_s: Math.round(shape.messages / (fillMs / 1000)),
    bundle_reimport_msgs_per_s: Math.round(shape.messages / (reimportMs / 1000)),
    bundle_import_encrypted_msgs_per_s: Math.round(shape.messages / (sealedImportMs / 1000)),
    html_export_10k_msgs_s: round(htmlMs / 1000, 2),
    pdf_export_1k_msgs_s: round(pdfMs / 1000, 2),
    txt_import_msgs_per_s: Math.round(TXT_MESSAGES / (txtMs / 1000)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
