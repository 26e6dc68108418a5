import type { Db } from '../open';
import { type Domain, statements } from './context';

/** Settings are local: the value last written wins. */
export function settingDomain(db: Db): Domain<'setting'> {
  const s = statements(db, { put: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value' });
  return {
    setting(_ctx, op) {
      s.put.run(op.key, JSON.stringify(op.value ?? null));
    },
  };
}
