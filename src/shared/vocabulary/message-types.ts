/**
 * Which WhatsApp message types are events rather than something a person said, which raise a
 * notification, and which carry words to translate. One table for capture, queries, exports,
 * translation and the renderer (they used to keep four lists that disagreed).
 */

/** Events shown as a centred system line: group changes, security and system notices. */
export const SYSTEM_TYPES = ['gp2', 'notification', 'notification_template', 'e2e_notification', 'protocol', 'broadcast_notification'] as const;

/** Not events, but nothing to notify about: a deleted message, a call record, a message still being decrypted. */
const SILENT_TYPES = ['revoked', 'call_log', 'ciphertext'] as const;

/** Say nothing in words even when the body holds something (coordinates, a contact card, a sticker's emoji). */
const WORDLESS_TYPES = ['location', 'vcard', 'multi_vcard', 'sticker'] as const;

export const NOT_NOTIFIED_TYPES: readonly string[] = [...SYSTEM_TYPES, ...SILENT_TYPES];
export const UNTRANSLATABLE_TYPES: readonly string[] = [...NOT_NOTIFIED_TYPES, ...WORDLESS_TYPES];

const system: ReadonlySet<string> = new Set(SYSTEM_TYPES);
const notNotified: ReadonlySet<string> = new Set(NOT_NOTIFIED_TYPES);
const untranslatable: ReadonlySet<string> = new Set(UNTRANSLATABLE_TYPES);

export const isSystemType = (type: string): boolean => system.has(type);
export const isNotifiableType = (type: string): boolean => !notNotified.has(type);
export const isTranslatableType = (type: string): boolean => !untranslatable.has(type);

/** A list as an SQL literal for `type IN (…)`; the types are our own constants, never input. */
export const sqlTypeList = (types: readonly string[]): string => `(${types.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ')})`;

/** Shown with a word of their own ("[图片]") in previews; each has a `msgType.<type>` string in the locales. */
export const LABELLED_TYPES = ['image', 'video', 'audio', 'ptt', 'document', 'sticker', 'location', 'vcard', 'multi_vcard', 'poll_creation', 'call_log'] as const;

/** Types whose body is their content: an empty body stays '' (for every other type it means "no text"). */
const TEXTUAL_TYPES = ['chat', 'vcard', 'gp2', 'notification_template', 'e2e_notification', 'poll_creation'] as const;

const labelled: ReadonlySet<string> = new Set(LABELLED_TYPES);
const textual: ReadonlySet<string> = new Set(TEXTUAL_TYPES);

export const isLabelledType = (type: string): boolean => labelled.has(type);
export const isTextualType = (type: string): boolean => textual.has(type);
