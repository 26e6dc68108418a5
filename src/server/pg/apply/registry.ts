import { accountOps } from './accounts';
import { auditOps } from './audit';
import { chatOps } from './chats';
import { contactOps } from './contacts';
import type { OpName, PgApply } from './context';
import { customerOps } from './customers';
import { groupOps } from './groups';
import { mediaOps } from './media';
import { messageOps } from './messages';
import { settingOps } from './settings';
import { syncOps } from './sync';
import { translationOps } from './translations';

export type PgAppliers = { readonly [K in OpName]: PgApply<K> };

/** Every operation of the vocabulary, by name; the type makes a missing one a compile error. */
export function pgAppliers(origin: () => string): PgAppliers {
  return {
    ...messageOps, ...chatOps, ...contactOps, ...groupOps, ...mediaOps, ...syncOps, ...accountOps,
    ...auditOps(origin), ...settingOps, ...translationOps, ...customerOps,
  } satisfies PgAppliers;
}
