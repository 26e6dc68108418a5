import type { Db } from '../open';
import { accountDomain } from './accounts';
import { auditDomain } from './audit';
import { chatDomain } from './chats';
import { contactDomain } from './contacts';
import type { Apply, OpName } from './context';
import { customerDomain } from './customers';
import { groupDomain } from './groups';
import { mediaDomain } from './media';
import { messageDomain } from './messages';
import type { SearchIndex } from './search-index';
import { settingDomain } from './settings';
import { syncDomain } from './sync';
import { translationDomain } from './translations';

export type Appliers = { readonly [K in OpName]: Apply<K> };

/** Every operation of the vocabulary, by name; the type makes a missing one a compile error. */
export function appliers(db: Db, index: SearchIndex): { ops: Appliers; beginBatch(): void } {
  const messages = messageDomain(db, index);
  const ops = {
    ...messages.ops, ...chatDomain(db), ...contactDomain(db), ...groupDomain(db), ...mediaDomain(db), ...syncDomain(db),
    ...accountDomain(db), ...auditDomain(db), ...settingDomain(db), ...translationDomain(db), ...customerDomain(db),
  } satisfies Appliers;
  return { ops, beginBatch: messages.beginBatch };
}
