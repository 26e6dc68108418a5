import type { Rng } from './media';
import type { MessageSpec, Phone, SimChat, SimContact, SimMessageType } from './phone';

/**
 * Realistic worlds for tests, the demo and the benchmark: a sales rep's phone with
 * English-, Spanish- and Chinese-speaking buyers, buyer groups, a community and a
 * broadcast list, and a history that has every kind of message capture must keep.
 */

type Lang = 'en' | 'es' | 'zh';

const BUYERS: Record<Lang, Array<{ name: string; pushname: string; business?: boolean }>> = {
  en: [
    { name: 'Michael Carter', pushname: 'Mike @ Carter Imports', business: true },
    { name: 'Sarah Johnson', pushname: 'Sarah J' },
    { name: 'David Okafor', pushname: 'David O.' },
    { name: 'Emma Wilson', pushname: 'Emma | Wilson Retail', business: true },
  ],
  es: [
    { name: 'Carlos Méndez', pushname: 'Carlos' },
    { name: 'Lucía Fernández', pushname: 'Lucía F. – Distribuciones', business: true },
    { name: 'Javier Ortega', pushname: 'Javi' },
  ],
  zh: [
    { name: '王伟', pushname: '王伟 Wang Wei' },
    { name: '李娜', pushname: '李娜' },
    { name: '陈静', pushname: '陈静 (深圳)', business: true },
  ],
};

const PRODUCTS: Record<Lang, string[]> = {
  en: ['LED panel lights', 'solar inverters', 'stainless steel bottles', 'phone cases', 'bluetooth speakers'],
  es: ['paneles LED', 'inversores solares', 'botellas de acero', 'fundas de móvil', 'altavoces bluetooth'],
  zh: ['LED面板灯', '太阳能逆变器', '不锈钢保温杯', '手机壳', '蓝牙音箱'],
};

const MONTHS: Record<Lang, string[]> = {
  en: ['March', 'April', 'May', 'June'],
  es: ['marzo', 'abril', 'mayo', 'junio'],
  zh: ['三月', '四月', '五月', '六月'],
};

const BUYER_LINES: Record<Lang, string[]> = {
  en: [
    'Hi, could you send me the price list for {p}?',
    "What's your MOQ for {p}?",
    'Can you do FOB Shenzhen for {n} units?',
    'We need {n} units by {m}. Is that possible?',
    'Please send samples to our warehouse in Rotterdam.',
    'The last shipment arrived with two damaged cartons, see photos.',
    'Payment sent via T/T this morning, please confirm.',
    'Is the {p} available in black? Spec sheet: https://example.com/specs/{n}',
    'Thanks! Let me check with my boss and get back to you.',
  ],
  es: [
    'Hola, ¿me puede enviar la lista de precios de {p}?',
    '¿Cuál es el pedido mínimo para {p}?',
    'Necesitamos {n} unidades para {m}.',
    '¿Pueden enviar muestras a Guadalajara?',
    'El pago ya fue realizado, por favor confirme.',
    '¿Los {p} tienen certificación CE?',
    'Perfecto, gracias. Le aviso mañana.',
  ],
  zh: [
    '你好，请问{p}的报价是多少？',
    '{p}的最小起订量是多少？',
    '我们需要{n}件，{m}之前交货可以吗？',
    '可以先寄样品吗？',
    '货款已经付了，请查收。',
    '包装可以定制吗？',
    '好的，谢谢！',
  ],
};

const REP_LINES: Record<Lang, string[]> = {
  en: ['Sure, I will send the quotation today.', 'MOQ is 500 pcs, 300 for the first order.', 'Yes, FOB Shenzhen is fine.', 'Samples will ship tomorrow by DHL.', 'Received, thank you!'],
  es: ['Claro, le envío la cotización hoy.', 'El pedido mínimo es de 500 piezas.', 'Sí, tenemos certificación CE.', 'Las muestras salen mañana por DHL.', 'Recibido, ¡gracias!'],
  zh: ['好的，今天发报价单给您。', '起订量是500件。', '可以的，深圳离岸价。', '样品明天用DHL寄出。', '收到，谢谢！'],
};

const EMOJI = ['👍', '❤️', '😂', '🙏', '👌', '🔥'];

export interface SeedOptions {
  /** History messages per chat (default 30). */
  messagesPerChat?: number;
  /** Include media (image, video, audio, voice, document, sticker) in history (default true). */
  media?: boolean;
  /** Last history message this many seconds before now (default 3600). */
  endsAgoS?: number;
  now?: number;
}

export interface SeededWorld {
  phone: Phone;
  buyers: Array<SimContact & { lang: Lang }>;
  direct: SimChat[];
  groups: SimChat[];
  community: { community: SimChat; announce: SimChat; groups: SimChat[] };
  broadcast: SimChat;
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

function fill(rng: Rng, lang: Lang, line: string): string {
  return line
    .replaceAll('{p}', pick(rng, PRODUCTS[lang]))
    .replaceAll('{m}', pick(rng, MONTHS[lang]))
    .replaceAll('{n}', String((1 + Math.floor(rng() * 20)) * 100));
}

/** Builds the world on a fresh phone. */
export function seedWorld(phone: Phone, opts: SeedOptions = {}): SeededWorld {
  const buyers: SeededWorld['buyers'] = [];
  let lidTurn = 0;
  for (const lang of ['en', 'es', 'zh'] as const) {
    for (const b of BUYERS[lang]) {
      // every third buyer is known by a @lid id too; one of them is addressed by it
      const lid = lidTurn % 3 === 1 ? (lidTurn === 4 ? 'primary' : true) : false;
      lidTurn++;
      const c = phone.addContact({ name: b.name, pushname: b.pushname, isBusiness: !!b.business, lid });
      buyers.push({ ...c, lang });
    }
  }
  const stranger = phone.addContact({ name: null, pushname: 'Ahmed (Dubai)' });
  const direct = buyers.map((b) => phone.addDirectChat(b.id));
  direct.push(phone.addDirectChat(stranger.id));

  const byLang = (lang: Lang) => buyers.filter((b) => b.lang === lang);
  const groups = [
    phone.addGroup({
      subject: 'Carter Imports × Factory',
      participants: [{ id: byLang('en')[0]!.id, role: 'admin' }, { id: byLang('en')[1]!.id }, { id: byLang('en')[2]!.id }],
    }),
    phone.addGroup({
      subject: 'Pedidos México 2025',
      participants: byLang('es').map((b, i) => ({ id: b.id, role: i === 0 ? 'admin' as const : 'member' as const })),
    }),
    phone.addGroup({
      subject: '深圳采购群',
      lidAddressing: true,
      participants: byLang('zh').map((b) => ({ id: b.id })),
    }),
  ];
  const community = phone.addCommunity({
    name: 'Global Buyers Club',
    members: buyers.slice(0, 8).map((b, i) => ({ id: b.id, role: i === 0 ? 'admin' as const : 'member' as const })),
    groups: [
      { subject: 'Lighting buyers', members: buyers.slice(0, 4).map((b) => ({ id: b.id })) },
      { subject: 'Compradores LATAM', members: byLang('es').map((b) => ({ id: b.id })) },
    ],
  });
  const broadcast = phone.addBroadcastList('New catalogue 2025', buyers.slice(0, 5).map((b) => b.id));

  const world: SeededWorld = { phone, buyers, direct, groups, community, broadcast };
  const n = opts.messagesPerChat ?? 30;
  const end = Math.floor((opts.now ?? Date.now()) / 1000) - (opts.endsAgoS ?? 3600);
  for (const chat of [...direct, ...groups, community.announce, ...community.groups, broadcast]) {
    seedHistory(world, chat, n, end - n * 600, 600, opts.media ?? true);
  }
  return world;
}

function langOf(world: SeededWorld, chat: SimChat): Lang {
  const b = world.buyers.find((x) => x.id === chat.id);
  if (b) return b.lang;
  const name = chat.group?.subject ?? chat.name ?? '';
  return /[\u4e00-\u9fff]/.test(name) ? 'zh' : /México|LATAM/.test(name) ? 'es' : 'en';
}

function membersOf(world: SeededWorld, chat: SimChat): string[] {
  if (chat.kind === 'broadcast') return chat.recipients;
  if (!chat.group) return [chat.id];
  const me = new Set([world.phone.me.pn, world.phone.me.lid]);
  return [...chat.group.participants.keys()].filter((p) => !me.has(p));
}

/** One message spec a buyer (or the rep) might send in this chat. */
export function messageFor(world: SeededWorld, chat: SimChat, rng: Rng, opts: { media?: boolean; t?: number } = {}): MessageSpec {
  const lang = langOf(world, chat);
  const fromMe = chat.kind === 'broadcast' || chat.kind === 'community_announce' || rng() < 0.35;
  const from = fromMe ? undefined : pick(rng, membersOf(world, chat));
  const base: MessageSpec = { ...(fromMe ? { fromMe: true } : { from }), ...(opts.t ? { t: opts.t } : {}) };
  const roll = rng();
  if (opts.media !== false && roll < 0.16) {
    const type = pick<SimMessageType>(rng, ['image', 'image', 'video', 'audio', 'ptt', 'document', 'sticker']);
    const caption = type === 'image' || type === 'video' || type === 'document' ? fill(rng, lang, pick(rng, (fromMe ? REP_LINES : BUYER_LINES)[lang])) : undefined;
    return {
      ...base,
      type,
      ...(caption ? { caption } : {}),
      ...(type === 'document' ? { media: { filename: pick(rng, ['Quotation_2025.pdf', 'Packing list.pdf', '报价单.pdf', 'Factura 0042.pdf']) } } : {}),
    };
  }
  if (roll < 0.19) return { ...base, type: 'location', location: { lat: 22.54 + rng() / 10, lng: 114.05 + rng() / 10, name: 'Factory', address: 'Bao\'an, Shenzhen' } };
  if (roll < 0.21) {
    return { ...base, type: 'vcard', vcards: [`BEGIN:VCARD\nVERSION:3.0\nFN:${pick(rng, ['Logistics Desk', 'Anna QC', '物流部'])}\nTEL;type=CELL:+86 138 0000 ${Math.floor(rng() * 9000 + 1000)}\nEND:VCARD`] };
  }
  const lines = fromMe ? REP_LINES[lang] : BUYER_LINES[lang];
  return { ...base, body: fill(rng, lang, pick(rng, lines)), ...(roll > 0.95 ? { forwarded: true } : {}) };
}

/** Appends `n` history messages to a chat, with replies, edits, revokes and reactions. */
export function seedHistory(world: SeededWorld, chat: SimChat, n: number, startT: number, stepS: number, media = true): void {
  const { phone } = world;
  const rng = phone.rng;
  const added: string[] = [];
  for (let i = 0; i < n; i++) {
    const spec = messageFor(world, chat, rng, { media, t: startT + i * stepS });
    if (added.length > 3 && rng() < 0.1) spec.quotedId = pick(rng, added.slice(-10));
    const m = phone.addHistory(chat.id, [spec])[0]!;
    added.push(m.id);
    if (m.type === 'chat' && rng() < 0.06) {
      phone.edit(m.id, `${m.body} (edited)`);
    } else if (rng() < 0.03) {
      phone.revoke(m.id);
    } else if (rng() < 0.12) {
      const who = membersOf(world, chat)[0];
      if (who) phone.react(m.id, m.fromMe ? who : phone.me.pn, pick(rng, EMOJI), { live: false });
    }
  }
}

export { EMOJI };

/**
 * One burst of live traffic on a seeded phone: new messages (sometimes media), and now
 * and then an edit, a revoke, a reaction or a group change.
 */
export function liveBurst(world: SeededWorld, opts: { media?: boolean } = {}): { messages: string[]; events: number } {
  const { phone } = world;
  const rng = phone.rng;
  const chats = [...world.direct, ...world.groups, ...world.community.groups];
  const messages: string[] = [];
  for (let i = 0; i < 1 + Math.floor(rng() * 3); i++) {
    const chat = pick(rng, chats);
    messages.push(phone.deliver(chat.id, messageFor(world, chat, rng, { media: opts.media ?? true })).id);
  }
  const roll = rng();
  const target = phone.message(pick(rng, messages));
  let events = messages.length + 1;
  if (roll < 0.15 && target.type === 'chat') phone.edit(target.id, `${target.body} (edited)`);
  else if (roll < 0.22) phone.revoke(target.id);
  else if (roll < 0.4) {
    const who = target.fromMe ? membersOf(world, phone.chat(target.chatId))[0] : phone.me.pn;
    if (who) phone.react(target.id, who, pick(rng, EMOJI));
  } else if (roll < 0.43) {
    const group = pick(rng, world.groups);
    phone.setSubject(group.id, `${group.group!.subject.replace(/ \(\d+\)$/, '')} (${Math.floor(rng() * 100)})`);
  } else {
    events--;
  }
  return { messages, events };
}
