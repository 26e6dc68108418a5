/** Message types shown with a word of their own ("[图片]"); each has a `msgType.<type>` string. */
export const MEDIA_TYPES = ['image', 'video', 'audio', 'ptt', 'document', 'sticker', 'location', 'vcard', 'multi_vcard', 'poll_creation', 'call_log'] as const;

/** Group notification subtypes with a sentence of their own (`gp2.<subtype>`); others show a generic line. */
export const GROUP_SUBTYPES = ['add', 'remove', 'leave', 'invite', 'promote', 'demote', 'create', 'subject', 'description', 'picture', 'announce', 'restrict'] as const;

