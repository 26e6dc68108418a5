// The rules that place and rank a message are the local archive's own: one definition.
export { baseSortKey, messageContent, rawRank } from '../../../core/archive/apply/messages';
