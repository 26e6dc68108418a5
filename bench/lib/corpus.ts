import type { ArchiveOpInput, MessageInput } from '../../src/core/archive/operations';

/**
 * A deterministic, realistic chat corpus for benchmarks: foreign-trade conversations in
 * English, Spanish and Chinese with product words, prices, Incoterms and phone numbers,
 * spread over accounts and chats with a skew (a few busy chats, many quiet ones).
 */

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN = ['price', 'quotation', 'sample', 'shipment', 'invoice', 'container', 'discount', 'payment', 'delivery', 'order', 'quality',
  'factory', 'packing', 'warranty', 'catalog', 'freight', 'deposit', 'balance', 'schedule', 'urgent', 'customer', 'model', 'color', 'size'];
const ES = ['precio', 'cotización', 'muestra', 'envío', 'factura', 'contenedor', 'descuento', 'pago', 'entrega', 'pedido', 'calidad',
  'fábrica', 'embalaje', 'garantía', 'catálogo', 'flete', 'depósito', 'acción', 'semana', 'urgente', 'cliente', 'modelo', 'tamaño'];
const ZH = ['报价', '样品', '发货', '发票', '集装箱', '折扣', '付款', '交货', '订单', '质量', '工厂', '包装', '保修', '目录', '运费',
  '定金', '尾款', '交期', '加急', '客户', '型号', '颜色', '尺寸', '价格'];
const EN_T = ['Hi, can you send the {w} for {n} pcs?', 'The {w} looks good, what about the {w2}?', 'We need the {w} before Friday, {n} units',
  'Please confirm the {w} and {w2} today', 'OK, FOB Shanghai {n} USD, {w} included'];
const ES_T = ['Hola, ¿nos puede enviar la {w} para {n} unidades?', 'El {w} está bien, pero la {w2} no', 'Necesitamos el {w} esta semana',
  'Confirme el {w} y la {w2}, por favor', 'Mi número es +34 6{p}'];
const ZH_T = ['您好，请发一下{w}，数量{n}个', '{w}没问题，{w2}什么时候可以确认？', '我们需要尽快安排{w}', '请确认{w}和{w2}', '{w}单价{n}美元，含{w2}'];

export interface CorpusShape {
  messages: number;
  accounts: number;
  chats: number;
  seed?: number;
  /** First message time; messages are spread over about three years from here. */
  start?: number;
}

export const accountId = (a: number) => `bench-acc-${a}`;
export const chatIdOf = (c: number) => `86138${String(c).padStart(8, '0')}@c.us`;

export function setupOps(shape: CorpusShape): ArchiveOpInput[] {
  const ops: ArchiveOpInput[] = [];
  for (let a = 0; a < shape.accounts; a++) {
    ops.push({ op: 'createAccount', accountId: accountId(a), label: `Sales ${a + 1}`, partitionId: `bench-p-${a}`, sortOrder: a });
  }
  for (let c = 0; c < shape.chats; c++) {
    ops.push({ op: 'upsertContact', accountId: accountId(c % shape.accounts), contactId: chatIdOf(c), pushName: `Buyer ${c}`, phone: chatIdOf(c).slice(0, -5), at: 1 });
  }
  return ops;
}

/** Message number i of the corpus (pure function of the shape and i). */
export function corpusMessage(shape: CorpusShape, i: number): { accountId: string; message: MessageInput } {
  const r = rng((shape.seed ?? 7) * 1_000_003 + i);
  // Skew: a quarter of the traffic goes to the first 1% of chats.
  const chat = r() < 0.25 ? Math.floor(r() * Math.max(1, shape.chats / 100)) : Math.floor(r() * shape.chats);
  const lang = r();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const [words, templates] = lang < 0.4 ? [EN, EN_T] : lang < 0.7 ? [ES, ES_T] : [ZH, ZH_T];
  const body = pick(templates)
    .replace('{w}', pick(words)).replace('{w2}', pick(words))
    .replace('{n}', String(1 + Math.floor(r() * 5000))).replace('{p}', String(10_000_000 + Math.floor(r() * 89_999_999)));
  const start = shape.start ?? Date.UTC(2023, 0, 1);
  const span = 3 * 365 * 86_400_000;
  const fromMe = r() < 0.45;
  const cid = chatIdOf(chat);
  return {
    accountId: accountId(chat % shape.accounts),
    message: {
      id: `${fromMe}_${cid}_B${i.toString(36).toUpperCase()}`,
      chatId: cid,
      senderId: fromMe ? null : cid,
      fromMe,
      type: 'chat',
      body,
      timestamp: start + Math.floor((i / shape.messages) * span),
      ack: fromMe ? 3 : 0,
    },
  };
}

export function messageBatch(shape: CorpusShape, from: number, to: number): ArchiveOpInput[] {
  const ops: ArchiveOpInput[] = [];
  for (let i = from; i < Math.min(to, shape.messages); i++) ops.push({ op: 'upsertMessage', ...corpusMessage(shape, i) });
  return ops;
}

/** Mixed search queries: 1–3 terms, Chinese 2-character words, prefixes, numbers. */
export function searchQueries(count: number, seed = 11): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 6;
    if (kind === 0) out.push(pick(ZH).slice(0, 2));
    else if (kind === 1) out.push(`${pick(EN)} ${pick(EN)}`);
    else if (kind === 2) out.push(pick(ES).slice(0, 4)); // a prefix, as typed
    else if (kind === 3) out.push(`${pick(ZH).slice(0, 2)} ${pick(ZH).slice(0, 2)}`);
    else if (kind === 4) out.push(`${pick(ES)} ${pick(ES)} ${pick(ES)}`);
    else out.push(pick(['FOB', 'USD', '+34 6', 'unidades', 'Friday', '单价']));
  }
  return out;
}
