/** Group notification subtypes with a sentence of their own (`gp2.<subtype>`); others show a generic line. */
export const GROUP_SUBTYPES = ['add', 'remove', 'leave', 'invite', 'promote', 'demote', 'create', 'subject', 'description', 'picture', 'announce', 'restrict'] as const;

