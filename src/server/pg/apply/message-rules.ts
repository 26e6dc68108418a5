// The rules that place and rank a message are the local archive's own: one definition.
export { baseSortKey, firstSeen, messageContent, rawRank, replacesRaw } from '../../../core/archive/apply/messages';
