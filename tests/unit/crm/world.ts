import type { Archive } from '../../../src/core/archive/archive';
import type { ArchiveOpInput } from '../../../src/core/archive/operations';

/**
 * A small sales team: Alice (rep-a) owns acc-1 and acc-3, Bob (rep-b) owns acc-2, Carol
 * (rep-c) has nothing yet, Dan is the admin. Ana (+34 600 000 001) writes to acc-1 and acc-2
 * (撞单); Ben (+34 600 000 002) to acc-3; Chen writes to acc-1 through a @lid chat whose
 * phone is known from the contact; acc-1 also has a buyers' group.
 */
export const T0 = Date.UTC(2024, 4, 1, 8, 0);
export const ANA = '34600000001@c.us';
export const BEN = '34600000002@c.us';
export const CHEN_LID = '99887766554433@lid';
export const GROUP = '120363000000000009@g.us';
const min = 60_000;

let n = 0;
function m(accountId: string, chatId: string, fromMe: boolean, body: string, at: number, over: Record<string, unknown> = {}): ArchiveOpInput {
  n++;
  return {
    op: 'upsertMessage', accountId,
    message: { id: `${fromMe}_${chatId}_W${n}`, chatId, senderId: fromMe ? null : chatId, fromMe, type: 'chat', body, timestamp: at, ...over },
  };
}

export function worldOps(): ArchiveOpInput[] {
  return [
    { op: 'upsertPerson', personId: 'rep-a', name: 'Alice', role: 'rep' },
    { op: 'upsertPerson', personId: 'rep-b', name: 'Bob', role: 'rep' },
    { op: 'upsertPerson', personId: 'rep-c', name: 'Carol', role: 'rep' },
    { op: 'upsertPerson', personId: 'admin-d', name: 'Dan', role: 'admin' },
    { op: 'createAccount', accountId: 'acc-1', label: 'Sales 1', partitionId: 'p-acc-1', ownerId: 'rep-a' },
    { op: 'createAccount', accountId: 'acc-2', label: 'Sales 2', partitionId: 'p-acc-2', ownerId: 'rep-b' },
    { op: 'createAccount', accountId: 'acc-3', label: 'Sales 3', partitionId: 'p-acc-3', ownerId: 'rep-a' },
    { op: 'upsertContact', accountId: 'acc-1', contactId: ANA, phone: '34600000001', pushName: 'Ana', at: T0 },
    { op: 'upsertContact', accountId: 'acc-2', contactId: ANA, phone: '34600000001', savedName: 'Ana García', at: T0 },
    { op: 'upsertContact', accountId: 'acc-3', contactId: BEN, phone: '34600000002', pushName: 'Ben', at: T0 },
    { op: 'upsertContact', accountId: 'acc-1', contactId: '8613800000003@c.us', lid: CHEN_LID, phone: '8613800000003', pushName: 'Chen', at: T0 },
    { op: 'upsertChat', accountId: 'acc-1', chatId: GROUP, kind: 'group', name: 'Buyers 2024', at: T0 },
    m('acc-1', ANA, false, 'Hola, ¿precio de 500 unidades?', T0),
    m('acc-1', ANA, true, 'FOB Shanghai 3.2 USD', T0 + 10 * min),
    m('acc-2', ANA, false, 'Hi, need a quotation too', T0 + 60 * min),
    m('acc-2', ANA, true, 'Sure, sending it', T0 + 75 * min),
    m('acc-3', BEN, false, 'Sample ready?', T0 + 30 * min),
    m('acc-1', CHEN_LID, false, '请发报价单', T0 + 5 * min),
    m('acc-1', GROUP, false, 'group hello', T0 + 7 * min, { senderId: ANA }),
  ];
}

export async function seedWorld(archive: Archive): Promise<void> {
  await archive.write(worldOps());
}
