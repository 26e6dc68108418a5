// WhatsApp id vocabulary: the id suffixes are spelled here only (a lint rule keeps them here).
export type WaChatKind = 'direct' | 'group' | 'broadcast' | 'status' | 'channel';

/** The server part of each kind of id, with its "@". */
export const ID_SUFFIX = {
  /** A person by phone number: 8613800000000@c.us. */
  phone: '@c.us',
  /** A person by linked-device id, when WhatsApp hides the number: 1234@lid. */
  lid: '@lid',
  group: '@g.us',
  broadcast: '@broadcast',
  newsletter: '@newsletter',
  /** How multi-device spells a phone id in some places; the archive always uses @c.us. */
  multiDevice: '@s.whatsapp.net',
} as const;

export const STATUS_ID = `status${ID_SUFFIX.broadcast}`;

export interface WaId { user: string; server: string }

export function parseWaId(id: string): WaId | null {
  const at = id.lastIndexOf('@');
  if (at <= 0 || at === id.length - 1) return null;
  return { user: id.slice(0, at), server: id.slice(at + 1) };
}

export const isStatusId = (id: string): boolean => id === STATUS_ID;
export const isBroadcastId = (id: string): boolean => id.endsWith(ID_SUFFIX.broadcast);
export const isNewsletterId = (id: string): boolean => id.endsWith(ID_SUFFIX.newsletter);
export const isGroupId = (id: string): boolean => id.endsWith(ID_SUFFIX.group);
export const isLidId = (id: string): boolean => id.endsWith(ID_SUFFIX.lid);
export const isPhoneUserId = (id: string): boolean => id.endsWith(ID_SUFFIX.phone);
/** A person's id, by phone or by linked-device id: the id of a direct chat. */
export const isPersonId = (id: string): boolean => isPhoneUserId(id) || isLidId(id);

/** The phone-number id of a number (digits only). */
export const phoneUserId = (digits: string): string => `${digits}${ID_SUFFIX.phone}`;
/** The digits of a phone-number id, else null. */
export const phoneOfUserId = (id: string): string | null => (isPhoneUserId(id) ? id.slice(0, -ID_SUFFIX.phone.length) : null);
/** A multi-device spelling (user@s.whatsapp.net) as the archive spells it (user@c.us). */
export const canonicalUserId = (id: string): string =>
  id.endsWith(ID_SUFFIX.multiDevice) ? `${id.slice(0, -ID_SUFFIX.multiDevice.length)}${ID_SUFFIX.phone}` : id;

/** Kind as far as the id alone tells (groups' community roles need group metadata). */
export function chatKindOf(chatId: string): WaChatKind {
  if (isStatusId(chatId)) return 'status';
  if (isBroadcastId(chatId)) return 'broadcast';
  if (isNewsletterId(chatId)) return 'channel';
  if (isGroupId(chatId)) return 'group';
  return 'direct';
}

/** The user part of an id (before the "@"), e.g. a number to show when a chat has no name; an id without "@" as is. */
export function idUser(id: string): string {
  const at = id.indexOf('@');
  return at < 0 ? id : id.slice(0, at);
}
