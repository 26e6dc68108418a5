import { createWriteStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { importWhatsAppExport, previewWhatsAppExport } from '../../src/core/exchange/whatsapp-import';
import { type TempArchive, tempArchive } from '../helpers/archive';
import { tempDir } from '../helpers/temp';
import { ANA, GROUP, seedWorld } from '../unit/crm/world';

// T0 is 2024-05-01 08:00 UTC = 16:00 in Shanghai, where the exporting phone is.
const TZ = 'Asia/Shanghai';
const at = (h: number, m: number, s = 0) => Date.UTC(2024, 4, 1, h - 8, m, s);
const LRM = '\u200e';

/** Android, English (US): month first, 12-hour clock. */
const ANDROID_US = `5/1/24, 3:55 PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
5/1/24, 4:00 PM - Ana: Hola, ¿precio de 500 unidades?
5/1/24, 4:10 PM - Sales Team: FOB Shanghai 3.2 USD
5/1/24, 4:12 PM - Sales Team: Line one of a long answer
line two
line three
5/1/24, 4:13 PM - Ana: IMG-20240501-WA0001.jpg (file attached)
the box
5/1/24, 4:14 PM - Ana: <Media omitted>
5/1/24, 4:15 PM - Ana: This message was deleted
5/1/24, 4:16 PM - Sales Team: Precio final 3.0 <This message was edited>
5/13/24, 12:05 AM - Ana: late night ok
`;

/** iOS, German: day first, 24-hour clock with seconds, direction marks. */
const IOS_DE = `[01.05.24, 15:50:00] Ana: ${LRM}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.
[01.05.24, 15:51:10] Ana: Guten Tag, haben Sie Muster?
[01.05.24, 15:52:00] Verkauf: Ja, wir senden morgen.
Zweite Zeile.
[01.05.24, 15:53:00] Ana: ${LRM}<attached: 00000012-PHOTO-2024-05-01-15-53-00.jpg>
[13.05.24, 09:00:00] Verkauf: Erinnerung
`;

/** Android, Spanish: day first (not detectable: every day ≤ 12), 24-hour clock. */
const ANDROID_ES = `1/5/24, 17:00 - Ana: Buenas tardes
1/5/24, 17:01 - Yo: Hola Ana
2/5/24, 9:30 - Ana: ¿Y el envío?
`;

async function world(): Promise<TempArchive> {
  const t = await tempArchive();
  await seedWorld(t.archive);
  return t;
}

const run = (t: TempArchive, file: string, over: Record<string, unknown> = {}) => importWhatsAppExport({
  archive: t.archive, mediaDir: path.join(t.dir, 'media'), file, accountId: 'acc-1', chatId: ANA, timeZone: TZ, ...over,
});

async function texts(t: TempArchive, chatId = ANA) {
  const page = await t.archive.query('thread', { accountId: 'acc-1', chatId, limit: 100 });
  return page.messages.map((m) => ({ ts: m.ts, fromMe: m.fromMe, type: m.type, text: m.text, revoked: m.revoked, media: m.media?.status ?? null }));
}

describe('WhatsApp "Export chat" import', () => {
  it('closes a capture gap the export spans, and only that one', async () => {
    const t = await world();
    // capture could not get Ana's messages between 16:00:30 and 16:15:40; another gap lies after the export
    await t.archive.write([
      { op: 'gap', accountId: 'acc-1', chatId: ANA, fromTs: at(16, 0, 30), toTs: at(16, 15, 40), reason: 'not on this device' },
      { op: 'gap', accountId: 'acc-1', chatId: ANA, fromTs: at(20, 0), toTs: at(21, 0), reason: 'not on this device' },
    ]);
    const file = path.join(tempDir(), 'WhatsApp Chat with Ana.txt');
    writeFileSync(file, ANDROID_US.split('\n').slice(0, 11).join('\n')); // up to 16:16, before the second gap
    const r = await run(t, file, { me: ['Sales Team'], dateOrder: 'mdy' }); // without 5/13 the order is ambiguous
    expect(r.gapsClosed).toBe(1);
    expect((await t.archive.query('gaps', { accountId: 'acc-1' })).map((g) => g.fromTs)).toEqual([at(20, 0)]);
    expect((await t.archive.query('chatDetail', { accountId: 'acc-1', chatId: ANA }))!.gaps).toHaveLength(1);
  });

  it('an export from the chat\'s first line (the encryption notice) also closes "older history is only on the phone"', async () => {
    const t = await world();
    await t.archive.write([{ op: 'gap', accountId: 'acc-1', chatId: ANA, fromTs: 0, toTs: at(16, 10), reason: 'older history is only on the phone' }]);
    const withoutNotice = path.join(tempDir(), 'part.txt');
    writeFileSync(withoutNotice, ANDROID_US.split('\n').slice(1, 11).join('\n'));
    expect((await run(t, withoutNotice, { me: ['Sales Team'], dateOrder: 'mdy' })).gapsClosed).toBe(0);
    const whole = path.join(tempDir(), 'whole.txt');
    writeFileSync(whole, ANDROID_US.split('\n').slice(0, 11).join('\n'));
    expect((await run(t, whole, { me: ['Sales Team'], dateOrder: 'mdy' })).gapsClosed).toBe(1);
    expect(await t.archive.query('gaps', { accountId: 'acc-1' })).toEqual([]);
  });

  it('Android 12-hour month-first: multi-line, system, attachment, omitted media, deleted and edited lines; captured messages recognised', async () => {
    const t = await world();
    const file = path.join(tempDir(), 'WhatsApp Chat with Ana.txt');
    writeFileSync(file, ANDROID_US);
    const r = await run(t, file, { me: ['Sales Team'] });
    expect(r).toMatchObject({ parsed: 9, alreadyArchived: 2, imported: 7, system: 1 });
    expect(r.authors).toEqual(expect.arrayContaining([{ author: 'Ana', as: 'contact', senderId: ANA }, { author: 'Sales Team', as: 'me', senderId: null }]));
    const all = await texts(t);
    expect(all.filter((m) => m.text === 'Hola, ¿precio de 500 unidades?')).toHaveLength(1); // captured at 16:00:00 — not duplicated
    expect(all).toEqual(expect.arrayContaining([
      { ts: at(15, 55), fromMe: false, type: 'notification', text: expect.stringMatching(/^Messages and calls are end-to-end encrypted/), revoked: null, media: null },
      { ts: at(16, 12), fromMe: true, type: 'chat', text: 'Line one of a long answer\nline two\nline three', revoked: null, media: null },
      { ts: at(16, 13), fromMe: false, type: 'image', text: 'the box', revoked: null, media: 'failed' },
      { ts: at(16, 14), fromMe: false, type: 'media', text: null, revoked: null, media: 'failed' },
      { ts: at(16, 15), fromMe: false, type: 'revoked', text: null, revoked: 'everyone', media: null },
      { ts: at(16, 16), fromMe: true, type: 'chat', text: 'Precio final 3.0', revoked: null, media: null },
      { ts: Date.UTC(2024, 4, 12, 16, 5), fromMe: false, type: 'chat', text: 'late night ok', revoked: null, media: null },
    ]));
    // importing the same file again changes nothing
    const before = await t.archive.query('stats');
    const again = await run(t, file, { me: ['Sales Team'] });
    expect(again).toMatchObject({ imported: 0, alreadyArchived: 9 });
    expect((await t.archive.query('stats')).messages).toBe(before.messages);
  });

  it('iOS German day-first with seconds, from a .zip with the photo', async () => {
    const t = await world();
    const dir = tempDir();
    const zipFile = path.join(dir, 'WhatsApp Chat - Ana.zip');
    const photo = Buffer.from('\xff\xd8\xff fake jpeg '.repeat(20), 'latin1');
    await new Promise<void>((resolve, reject) => {
      const z = new yazl.ZipFile();
      z.addBuffer(Buffer.from(IOS_DE), '_chat.txt');
      z.addBuffer(photo, '00000012-PHOTO-2024-05-01-15-53-00.jpg');
      z.end();
      z.outputStream.pipe(createWriteStream(zipFile)).on('close', resolve).on('error', reject);
    });
    const r = await run(t, zipFile, { me: ['Verkauf'] });
    expect(r).toMatchObject({ parsed: 5, imported: 5, system: 1, mediaStored: 1, alreadyArchived: 0 });
    const all = await texts(t);
    expect(all).toEqual(expect.arrayContaining([
      expect.objectContaining({ ts: at(15, 51, 10), text: 'Guten Tag, haben Sie Muster?', fromMe: false }),
      expect.objectContaining({ ts: at(15, 52), text: 'Ja, wir senden morgen.\nZweite Zeile.', fromMe: true }),
      expect.objectContaining({ ts: at(15, 53), type: 'image', media: 'stored' }),
      expect.objectContaining({ ts: Date.UTC(2024, 4, 13, 1), text: 'Erinnerung' }),
      expect.objectContaining({ ts: at(15, 50), type: 'notification' }),
    ]));
    const hit = await t.archive.query('search', { query: 'Muster' });
    expect(hit.hits).toHaveLength(1);
  });

  it('Spanish day-first 24-hour when told the order; the author that is not the contact is "me"', async () => {
    const t = await world();
    const file = path.join(tempDir(), 'chat.txt');
    writeFileSync(file, ANDROID_ES);
    const r = await run(t, file, { dateOrder: 'dmy' });
    expect(r.authors).toEqual(expect.arrayContaining([{ author: 'Yo', as: 'me', senderId: null }]));
    const all = await texts(t);
    expect(all).toEqual(expect.arrayContaining([
      expect.objectContaining({ ts: at(17, 0), text: 'Buenas tardes', fromMe: false }),
      expect.objectContaining({ ts: at(17, 1), text: 'Hola Ana', fromMe: true }),
      expect.objectContaining({ ts: Date.UTC(2024, 4, 2, 1, 30), text: '¿Y el envío?' }),
    ]));
  });

  it('a Chinese 12-hour export lands at the right hour: 下午 is afternoon, 晚上 evening, 凌晨 before dawn; year-first dates stay year/month/day', async () => {
    const t = await world();
    const file = path.join(tempDir(), 'WhatsApp 与 Ana 的聊天.txt');
    writeFileSync(file, '2024/5/1 下午3:15 - Ana: 你好，报价多少？\n2024/5/1 晚上8:30 - 销售: 3.2 美元\n2024/5/2 凌晨12:10 - Ana: 好的\n2024/5/6 上午9:00 - Ana: 六号\n');
    const r = await run(t, file, { me: ['销售'] });
    expect(r.imported).toBe(4);
    const got = (await texts(t)).filter((m) => m.text && /报价|美元|好的|六号/.test(m.text)).map((m) => [m.text, m.ts]);
    // Shanghai is UTC+8
    expect(got).toEqual([
      ['你好，报价多少？', Date.UTC(2024, 4, 1, 7, 15)],
      ['3.2 美元', Date.UTC(2024, 4, 1, 12, 30)],
      ['好的', Date.UTC(2024, 4, 1, 16, 10)],
      ['六号', Date.UTC(2024, 4, 6, 1, 0)],
    ]);
  });

  it('a file that does not decide day or month first is refused with both readings, and imports when told the order', async () => {
    const t = await world();
    const before = await t.archive.query('stats');
    const file = path.join(tempDir(), 'us.txt');
    writeFileSync(file, '[1/5/24, 9:02:11\u202fAM] Ana: Sample ready?\n[1/5/24, 9:04:00\u202fAM] Sales Team: Yes\n');
    const refusal = run(t, file, { me: ['Sales Team'] });
    await expect(refusal).rejects.toMatchObject({ code: 'DATE_ORDER_AMBIGUOUS', orders: ['dmy', 'mdy'] });
    await expect(refusal).rejects.toThrow(/--date-order/);
    expect(await t.archive.query('stats')).toEqual(before);
    await expect(run(t, file, { me: ['Sales Team'], dateOrder: 'ymd' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await run(t, file, { me: ['Sales Team'], dateOrder: 'mdy' })).imported).toBe(2);
    expect((await texts(t)).find((m) => m.text === 'Sample ready?')?.ts).toBe(Date.UTC(2024, 0, 5, 1, 2, 11));
  });

  it('previews a file: its message count and, when it must be asked, the first messages under each reading', async () => {
    const file = path.join(tempDir(), 'us.txt');
    writeFileSync(file, '[1/5/24, 9:02:11\u202fAM] Ana: Sample ready?\n[1/5/24, 9:04:00\u202fAM] Sales Team: Yes\n');
    expect(await previewWhatsAppExport({ file })).toEqual({
      messages: 2, orders: ['dmy', 'mdy'],
      readings: [
        { order: 'dmy', first: [{ wallClock: Date.UTC(2024, 4, 1, 9, 2, 11), author: 'Ana', text: 'Sample ready?' },
          { wallClock: Date.UTC(2024, 4, 1, 9, 4), author: 'Sales Team', text: 'Yes' }] },
        { order: 'mdy', first: [{ wallClock: Date.UTC(2024, 0, 5, 9, 2, 11), author: 'Ana', text: 'Sample ready?' },
          { wallClock: Date.UTC(2024, 0, 5, 9, 4), author: 'Sales Team', text: 'Yes' }] },
      ],
    });
    writeFileSync(file, '2024/1/5 下午3:15 - Ana: 你好\n');
    expect(await previewWhatsAppExport({ file })).toMatchObject({ messages: 1, orders: ['ymd'] });
  });

  it('refuses a day period it does not know, naming it, and writes nothing', async () => {
    const t = await world();
    const before = await t.archive.query('stats');
    const file = path.join(tempDir(), 'odd.txt');
    writeFileSync(file, '2024/5/1 下午3:15 - Ana: 你好\n2024/5/1 傍黑6:15 - Ana: 在吗\n');
    await expect(run(t, file, { me: ['销售'] })).rejects.toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/line 2: "傍黑"/) });
    expect(await t.archive.query('stats')).toEqual(before);
  });

  it('refuses what it cannot read or attribute, and writes nothing', async () => {
    const t = await world();
    const dir = tempDir();
    const before = await t.archive.query('stats');
    const notChat = path.join(dir, 'notes.txt');
    writeFileSync(notChat, 'just some notes\nno dates here\n');
    await expect(run(t, notChat)).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    const twoStrangers = path.join(dir, 'strangers.txt');
    writeFileSync(twoStrangers, '5/13/24, 4:00 PM - Xu: hi\n5/13/24, 4:01 PM - Yan: hello\n');
    await expect(run(t, twoStrangers)).rejects.toThrow(/Authors in this file: "Xu", "Yan"/);
    const group = path.join(dir, 'group.txt');
    writeFileSync(group, '5/13/24, 4:00 PM - Ana: hi all\n5/13/24, 4:01 PM - Someone: hello\n');
    await expect(run(t, group, { chatId: GROUP })).rejects.toThrow(/which author is you in this group/);
    await expect(run(t, path.join(dir, 'missing.txt'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run(t, notChat, { timeZone: 'Mars/Base' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(run(t, notChat, { accountId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const badZip = path.join(dir, 'bad.zip');
    writeFileSync(badZip, 'PK\x03\x04 not really');
    await expect(run(t, badZip)).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    expect(await t.archive.query('stats')).toEqual(before);
    // in a group, the author named as "me" is ours; the others are matched to contacts by name
    const r = await run(t, group, { chatId: GROUP, me: ['Someone'] });
    expect(r.authors).toEqual(expect.arrayContaining([{ author: 'Ana', as: 'contact', senderId: ANA }, { author: 'Someone', as: 'me', senderId: null }]));
  });
});

