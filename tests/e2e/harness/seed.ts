import type { Archive } from '../../../src/core/archive/archive';
import { putMedia } from '../../../src/core/archive/media-store';
import type { ArchiveOpInput, ChatKind, MessageInput } from '../../../src/core/archive/operations';
import { makePng } from './png';

/**
 * A realistic team archive for the UI journeys, written through the archive's own
 * operations: three accounts (one banned), Spanish, Chinese and English buyers, a group
 * with admins, joins and silent members, a community, edits, deletions, reactions,
 * quotes, forwards, media, a hostile message, and a 100,000-message chat.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const ACC = { es: 'acc-es', me: 'acc-me', cn: 'acc-cn', eu: 'acc-eu', new: 'acc-new' } as const;
export const LABEL = { es: '销售一部 · 西语', me: 'Sales 2 · Middle East', cn: '国内渠道', eu: '欧洲市场', new: '展会新号' } as const;

export const CHAT = {
  maria: '34611222333@c.us',
  carlos: '5215512345678@c.us',
  distrib: '120363041234567890@g.us',
  community: '120363049999999999@g.us',
  announce: '120363049999999998@g.us',
  mexico: '120363049999999997@g.us',
  big: '51987654321@c.us',
  eve: '447700900123@c.us',
  ahmed: '971501234567@c.us',
  liwei: '8613912345678@c.us',
  zhang: '8613800138000@c.us',
  huanan: '120363047777777777@g.us',
} as const;

export const MSG = {
  edited: 'false_34611222333@c.us_3EB0EDIT0001',
  revoked: 'false_34611222333@c.us_3EB0REVOKE01',
  quoted: 'false_34611222333@c.us_3EB0QUOTED01',
  price: 'false_34611222333@c.us_3EB0PRICE001',
  liweiQuote: 'false_8613912345678@c.us_3EB0LIWEI0002',
  hostileImg: 'false_447700900123@c.us_3EB0HOSTILE1',
  hostileScript: 'false_447700900123@c.us_3EB0HOSTILE2',
  bigFirst: 'false_51987654321@c.us_BIG000000000',
} as const;

export const BIG_CHAT_SIZE = 100_000;
export const TEXT = {
  editedOriginal: 'El pedido sale el lunes',
  editedNow: 'El pedido sale el martes, con 200 unidades',
  revokedOriginal: 'Te paso el precio especial: 8,40 USD por unidad',
  hostileImg: '<img src=x onerror="window.__pwned=1;alert(1)">',
  hostileScript: '<script>window.__pwned=2;alert(2)</script> y también javascript:alert(3)',
  zhQuery: '报价',
  zhHit: '我们需要一份正式的报价单，含运费到广州',
  esQuery: 'cotización',
  esHit: 'Adjunto la cotización actualizada para 500 unidades',
} as const;

const ME = { es: '8613711110001@c.us', me: '8613711110002@c.us', cn: '8613711110003@c.us' };

let counter = 0;
const waId = (chatId: string, fromMe: boolean) => `${fromMe}_${chatId}_3EB0${(++counter).toString(16).toUpperCase().padStart(8, '0')}`;

interface Line {
  from: 'me' | string;
  body?: string | null;
  at: number;
  id?: string;
  type?: string;
  subtype?: string;
  quotedId?: string;
  forwarded?: boolean;
  hasMedia?: boolean;
  location?: MessageInput['location'];
  vcards?: string[];
  ack?: number;
}

function messages(accountId: string, chatId: string, lines: Line[]): ArchiveOpInput[] {
  return lines.map((l) => {
    const fromMe = l.from === 'me';
    return {
      op: 'upsertMessage',
      accountId,
      message: {
        id: l.id ?? waId(chatId, fromMe),
        chatId,
        senderId: fromMe ? null : l.from,
        fromMe,
        type: l.type ?? 'chat',
        body: l.body === undefined ? null : l.body,
        timestamp: l.at,
        ack: l.ack ?? (fromMe ? 3 : 0),
        ...(l.quotedId ? { quotedId: l.quotedId } : {}),
        ...(l.forwarded ? { forwarded: true, forwardingScore: 1 } : {}),
        ...(l.hasMedia ? { hasMedia: true } : {}),
        ...(l.subtype ? { subtype: l.subtype } : {}),
        ...(l.location ? { location: l.location } : {}),
        ...(l.vcards ? { vcards: l.vcards } : {}),
      },
    } satisfies ArchiveOpInput;
  });
}

const chat = (accountId: string, chatId: string, kind: ChatKind, name: string | null, parentId: string | null = null): ArchiveOpInput =>
  ({ op: 'upsertChat', accountId, chatId, kind, name, parentId });
const contact = (accountId: string, contactId: string, savedName: string | null, pushName: string | null, phone: string): ArchiveOpInput =>
  ({ op: 'upsertContact', accountId, contactId, savedName, pushName, phone });

export async function seedArchive(archive: Archive, mediaDir: string, now = Date.now()): Promise<void> {
  // Chats are "first seen" long ago, so their history counts as read; markSeen below leaves a few unread.
  const firstSeen = now - 400 * DAY;
  const today = new Date(now);
  today.setHours(9, 0, 0, 0);
  // "today's" messages run to t0 + 60 min: before 11:00 they would lie in the future (unread
  // whatever markSeen says, and a test's outcome would depend on the hour it runs), so take yesterday
  const t0 = today.getTime() + 2 * 3_600_000 > now ? today.getTime() - DAY : today.getTime();
  const at = (daysAgo: number, minutes: number) => t0 - daysAgo * DAY + minutes * 60_000;

  const photo = await putMedia(mediaDir, makePng(640, 420, [59, 91, 219]));
  const sample = await putMedia(mediaDir, makePng(480, 480, [18, 161, 80]));
  const pdf = await putMedia(mediaDir, Buffer.from('%PDF-1.4\n% Switchboard test document: cotización\n%%EOF\n'));

  const ops: ArchiveOpInput[] = [
    { op: 'upsertPerson', personId: 'p-wang', name: '王芳', role: 'rep' },
    { op: 'upsertPerson', personId: 'p-li', name: '李强', role: 'rep' },
    { op: 'upsertPerson', personId: 'p-chen', name: '陈主管', role: 'admin' },
    { op: 'createAccount', accountId: ACC.es, label: LABEL.es, ownerId: 'p-wang', partitionId: 'wa-es', sortOrder: 0 },
    { op: 'createAccount', accountId: ACC.me, label: LABEL.me, ownerId: 'p-li', partitionId: 'wa-me', sortOrder: 1 },
    { op: 'createAccount', accountId: ACC.cn, label: LABEL.cn, ownerId: 'p-wang', partitionId: 'wa-cn', sortOrder: 2 },
    { op: 'patchAccount', accountId: ACC.es, phone: '+86 137 1111 0001', meId: ME.es },
    { op: 'patchAccount', accountId: ACC.me, phone: '+86 137 1111 0002', meId: ME.me },
    { op: 'patchAccount', accountId: ACC.cn, phone: '+86 137 1111 0003', meId: ME.cn },
    { op: 'createAccount', accountId: ACC.eu, label: LABEL.eu, ownerId: 'p-li', partitionId: 'wa-eu', sortOrder: 3 },
    { op: 'createAccount', accountId: ACC.new, label: LABEL.new, ownerId: null, partitionId: 'wa-new', sortOrder: 4 },
    { op: 'accountState', accountId: ACC.cn, state: 'banned', detail: 'TOS_BLOCK' },
    { op: 'accountState', accountId: ACC.eu, state: 'hibernated', detail: null },

    // ---- acc-es: Spanish-speaking buyers
    contact(ACC.es, CHAT.maria, 'María García', 'María', '+34 611 222 333'),
    contact(ACC.es, CHAT.carlos, 'Carlos Ruiz (Monterrey)', 'Carlos', '+52 55 1234 5678'),
    contact(ACC.es, '34622333444@c.us', 'Lucía Fernández', 'Lucía', '+34 622 333 444'),
    contact(ACC.es, '34633444555@c.us', 'Javier Moreno', 'Javi', '+34 633 444 555'),
    contact(ACC.es, '34644555666@c.us', null, 'Pedro', '+34 644 555 666'),
    contact(ACC.es, CHAT.big, 'Importadora Andina', 'Andina', '+51 987 654 321'),
    contact(ACC.es, CHAT.eve, 'Eve <b>Tester</b>', null, '+44 7700 900123'),
    chat(ACC.es, CHAT.maria, 'direct', null),
    chat(ACC.es, CHAT.carlos, 'direct', null),
    chat(ACC.es, CHAT.distrib, 'group', 'Distribuidores España 🇪🇸'),
    chat(ACC.es, CHAT.community, 'community', 'Socios LATAM'),
    chat(ACC.es, CHAT.announce, 'community_announce', 'Socios LATAM · Anuncios', CHAT.community),
    chat(ACC.es, CHAT.mexico, 'group', 'Socios México', CHAT.community),
    chat(ACC.es, CHAT.big, 'direct', null),
    chat(ACC.es, CHAT.eve, 'direct', null),
    {
      op: 'setParticipants', accountId: ACC.es, chatId: CHAT.distrib, at: at(30, 0), participants: [
        { contactId: ME.es, role: 'superadmin' },
        { contactId: CHAT.maria, role: 'admin' },
        { contactId: CHAT.carlos, role: 'member' },
        { contactId: '34622333444@c.us', role: 'member' },
        { contactId: '34633444555@c.us', role: 'member' },
        { contactId: '34644555666@c.us', role: 'member' },
      ],
    },
    { op: 'participantEvent', accountId: ACC.es, chatId: CHAT.distrib, contactId: '34644555666@c.us', event: 'leave', at: at(1, 30) },
    {
      op: 'setParticipants', accountId: ACC.es, chatId: CHAT.mexico, at: at(20, 0), participants: [
        { contactId: ME.es, role: 'admin' }, { contactId: CHAT.carlos, role: 'member' },
      ],
    },

    ...messages(ACC.es, CHAT.maria, [
      { from: CHAT.maria, body: 'Hola, buenos días. ¿Tienen stock del modelo TX-200?', at: at(2, 10) },
      { from: 'me', body: '¡Hola María! Sí, tenemos 1.200 unidades listas para enviar.', at: at(2, 14) },
      { from: CHAT.maria, body: TEXT.esHit, at: at(2, 20), id: MSG.quoted },
      { from: CHAT.maria, type: 'document', body: null, hasMedia: true, at: at(2, 21), id: 'false_34611222333@c.us_3EB0DOC00001' },
      { from: 'me', body: 'Recibido, la reviso hoy mismo 👍', at: at(2, 25), quotedId: MSG.quoted },
      { from: CHAT.maria, body: TEXT.editedOriginal, at: at(1, 40), id: MSG.edited },
      { from: CHAT.maria, body: TEXT.revokedOriginal, at: at(1, 45), id: MSG.revoked },
      { from: 'me', type: 'image', body: null, hasMedia: true, at: at(1, 50), id: 'true_34611222333@c.us_3EB0IMG00001' },
      { from: CHAT.maria, body: 'Catálogo completo aquí: https://example.com/catalogo-2024 ¿lo pueden revisar?', at: at(1, 55), forwarded: true },
      { from: CHAT.maria, type: 'location', body: null, at: at(0, 5), location: { latitude: 40.4168, longitude: -3.7038, name: 'Almacén Madrid', address: 'Calle de Alcalá 123, Madrid' } },
      { from: CHAT.maria, body: '¿Cuál es el precio final con envío a Valencia?', at: at(0, 30), id: MSG.price },
      { from: CHAT.maria, body: 'Necesitamos confirmar antes del viernes, por favor.', at: at(0, 32) },
    ]),
    { op: 'edit', accountId: ACC.es, messageId: MSG.edited, body: TEXT.editedNow, editedAt: at(1, 42) },
    { op: 'revoke', accountId: ACC.es, messageId: MSG.revoked, scope: 'everyone', at: at(1, 47), by: CHAT.maria },
    { op: 'reaction', accountId: ACC.es, messageId: MSG.quoted, senderId: ME.es, emoji: '👍', at: at(2, 26) },
    { op: 'reaction', accountId: ACC.es, messageId: 'true_34611222333@c.us_3EB0IMG00001', senderId: CHAT.maria, emoji: '❤️', at: at(1, 52) },
    { op: 'media', accountId: ACC.es, messageId: 'true_34611222333@c.us_3EB0IMG00001', status: 'stored', sha256: photo.sha256, mime: 'image/png', size: photo.size, filename: 'muestra-TX200.png' },
    { op: 'media', accountId: ACC.es, messageId: 'false_34611222333@c.us_3EB0DOC00001', status: 'stored', sha256: pdf.sha256, mime: 'application/pdf', size: pdf.size, filename: 'Cotización_2024-118.pdf' },

    ...messages(ACC.es, CHAT.carlos, [
      { from: CHAT.carlos, body: 'Buenas tardes, ¿hacen envíos a Monterrey?', at: at(5, 200) },
      { from: 'me', body: 'Sí, enviamos por Manzanillo. El flete marítimo tarda unos 28 días.', at: at(5, 230) },
      { from: CHAT.carlos, type: 'image', body: null, hasMedia: true, at: at(4, 100), id: 'false_5215512345678@c.us_3EB0IMG00002' },
      { from: CHAT.carlos, body: 'Esta es la muestra que recibimos, el color no coincide.', at: at(4, 101) },
      { from: 'me', type: 'vcard', body: null, at: at(4, 120), vcards: ['BEGIN:VCARD\nVERSION:3.0\nFN:Laura Chen (QC)\nTEL:+8613912340000\nEND:VCARD'] },
    ]),
    { op: 'media', accountId: ACC.es, messageId: 'false_5215512345678@c.us_3EB0IMG00002', status: 'stored', sha256: sample.sha256, mime: 'image/png', size: sample.size, filename: null },

    ...messages(ACC.es, CHAT.distrib, [
      { from: 'me', type: 'gp2', subtype: 'create', body: null, at: at(30, 0) },
      { from: CHAT.maria, type: 'gp2', subtype: 'promote', body: null, at: at(30, 5) },
      { from: CHAT.maria, body: 'Bienvenidos al grupo de distribuidores 🇪🇸', at: at(3, 60) },
      { from: CHAT.carlos, body: '¿Cuándo llega el próximo contenedor?', at: at(3, 70) },
      { from: 'me', body: 'El contenedor sale de Ningbo el día 12.', at: at(3, 75) },
      { from: '34622333444@c.us', body: 'Perfecto, reservamos 300 unidades.', at: at(3, 80) },
      { from: CHAT.maria, body: 'Nosotros 500, como siempre.', at: at(2, 90) },
      { from: '34644555666@c.us', type: 'gp2', subtype: 'leave', body: null, at: at(1, 30) },
      { from: CHAT.carlos, body: '¿Alguien tiene la ficha técnica en PDF?', at: at(0, 60) },
    ]),
    ...messages(ACC.es, CHAT.announce, [
      { from: 'me', body: 'Nueva lista de precios disponible a partir del 1 de marzo.', at: at(6, 30) },
    ]),
    ...messages(ACC.es, CHAT.mexico, [
      { from: CHAT.carlos, body: 'Saludos a todos los socios de México.', at: at(7, 30) },
    ]),
    ...messages(ACC.es, CHAT.eve, [
      { from: CHAT.eve, body: TEXT.hostileImg, at: at(0, 1), id: MSG.hostileImg },
      { from: CHAT.eve, body: TEXT.hostileScript, at: at(0, 2), id: MSG.hostileScript },
    ]),

    // ---- acc-me: English and Chinese buyers
    contact(ACC.me, CHAT.ahmed, 'Ahmed Al-Farsi', 'Ahmed', '+971 50 123 4567'),
    contact(ACC.me, CHAT.liwei, '李伟（广州）', '李伟', '+86 139 1234 5678'),
    chat(ACC.me, CHAT.ahmed, 'direct', null),
    chat(ACC.me, CHAT.liwei, 'direct', null),
    ...messages(ACC.me, CHAT.ahmed, [
      { from: CHAT.ahmed, body: 'Good morning! Can you send the FOB Ningbo price for 2,000 pcs?', at: at(1, 100) },
      { from: 'me', body: 'Morning Ahmed, FOB Ningbo is USD 7.90/pc for 2,000 pcs.', at: at(1, 130), ack: 2 },
      { from: CHAT.ahmed, body: 'Thanks, I will confirm with my manager.', at: at(0, 45) },
    ]),
    ...messages(ACC.me, CHAT.liwei, [
      { from: CHAT.liwei, body: '你好，请问TX-200现在有现货吗？', at: at(1, 200) },
      { from: 'me', body: '您好，有现货，1200台。', at: at(1, 205) },
      { from: CHAT.liwei, body: TEXT.zhHit, at: at(1, 210), id: MSG.liweiQuote },
      { from: 'me', body: '好的，报价单今天下午发给您。', at: at(1, 215), quotedId: MSG.liweiQuote },
      { from: CHAT.liwei, body: '这个价格可以再优惠一点吗？', at: at(0, 50) },
    ]),

    // ---- acc-cn: banned, its archive stays
    contact(ACC.cn, CHAT.zhang, '张伟', '张伟', '+86 138 0013 8000'),
    chat(ACC.cn, CHAT.zhang, 'direct', null),
    chat(ACC.cn, CHAT.huanan, 'group', '华南经销商群'),
    ...messages(ACC.cn, CHAT.zhang, [
      { from: CHAT.zhang, body: '合同已经签好了，请查收。', at: at(9, 100) },
      { from: 'me', body: '收到，谢谢张总！定金这周内安排。', at: at(9, 120) },
      { from: CHAT.zhang, body: '好的，报价单上的交期是四十五天对吗？', at: at(8, 60) },
    ]),
    ...messages(ACC.cn, CHAT.huanan, [
      { from: CHAT.zhang, body: '各位老板好，新一批样品已经到了。', at: at(8, 300) },
    ]),
  ];
  await archive.write(ops, firstSeen);
  // Everything is read except the newest two messages of María's chat and Li Wei's last one.
  const seen: ArchiveOpInput[] = [
    ...[CHAT.carlos, CHAT.distrib, CHAT.announce, CHAT.mexico, CHAT.eve].map((chatId) => ({ op: 'markSeen' as const, accountId: ACC.es, chatId, upTo: now })),
    { op: 'markSeen', accountId: ACC.es, chatId: CHAT.maria, upTo: at(0, 29) },
    { op: 'markSeen', accountId: ACC.me, chatId: CHAT.ahmed, upTo: now },
    { op: 'markSeen', accountId: ACC.me, chatId: CHAT.liwei, upTo: at(0, 49) },
    { op: 'markSeen', accountId: ACC.cn, chatId: CHAT.zhang, upTo: now },
    { op: 'markSeen', accountId: ACC.cn, chatId: CHAT.huanan, upTo: now },
  ];
  await archive.write(seen);
  await seedBigChat(archive, ACC.es, CHAT.big, BIG_CHAT_SIZE, at(0, -120), firstSeen);
  await archive.write([{ op: 'markSeen', accountId: ACC.es, chatId: CHAT.big, upTo: now }]);
}

const BIG_LINES = [
  'Pedido #{n}: 40 cajas del modelo TX-200, pago 30% adelantado.',
  'Confirmamos la recepción del lote {n}. Todo en orden.',
  '发票 {n} 已经开好，请查收。',
  'Could you check the packing list for order {n}?',
  '¿Me envías la factura proforma {n}?',
  '第 {n} 批货已经装柜，预计下周到港。',
];

/** One long-running buyer chat: `size` messages, one every ~9 minutes, ending just before `endTs`. */
export async function seedBigChat(archive: Archive, accountId: string, chatId: string, size: number, endTs: number,
  firstSeen: number, batch = 10_000): Promise<void> {
  const step = 9 * 60_000;
  const start = endTs - size * step;
  for (let from = 0; from < size; from += batch) {
    const ops: ArchiveOpInput[] = [];
    for (let n = from; n < Math.min(size, from + batch); n++) {
      const fromMe = n % 3 === 0;
      const id = n === 0 ? MSG.bigFirst : `${fromMe}_${chatId}_BIG${n.toString().padStart(9, '0')}`;
      ops.push({
        op: 'upsertMessage',
        accountId,
        message: {
          id,
          chatId,
          senderId: fromMe ? null : chatId,
          fromMe,
          type: 'chat',
          body: n === 0 ? 'Primer mensaje: hola, somos Importadora Andina de Lima.' : BIG_LINES[n % BIG_LINES.length]!.replace('{n}', String(n)),
          timestamp: start + n * step,
          ack: fromMe ? 3 : 0,
        },
      });
    }
    await archive.write(ops, firstSeen);
  }
}
