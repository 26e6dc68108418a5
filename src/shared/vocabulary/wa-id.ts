// WhatsApp id vocabulary: the id suffixes are spelled here only.
export type WaChatKind = 'direct' | 'group' | 'broadcast' | 'status' | 'channel';

export const STATUS_ID = 'status@broadcast';

export interface WaId { user: string; server: string }

export function parseWaId(id: string): WaId | null {
  const at = id.lastIndexOf('@');
  if (at <= 0 || at === id.length - 1) return null;
  return { user: id.slice(0, at), server: id.slice(at + 1) };
}

export const isStatusId = (id: string): boolean => id === STATUS_ID;
export const isBroadcastId = (id: string): boolean => id.endsWith('@broadcast');
export const isNewsletterId = (id: string): boolean => id.endsWith('@newsletter');
export const isGroupId = (id: string): boolean => id.endsWith('@g.us');
export const isLidId = (id: string): boolean => id.endsWith('@lid');
export const isPhoneUserId = (id: string): boolean => id.endsWith('@c.us');

/** Kind as far as the id alone tells (groups' community roles need group metadata). */
export function chatKindOf(chatId: string): WaChatKind {
  if (isStatusId(chatId)) return 'status';
  if (isBroadcastId(chatId)) return 'broadcast';
  if (isNewsletterId(chatId)) return 'channel';
  if (isGroupId(chatId)) return 'group';
  return 'direct';
}
