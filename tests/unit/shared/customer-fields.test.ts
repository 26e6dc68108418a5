import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/archive/open';
import { ArchiveOp } from '../../../src/core/archive/operations';
import { CUSTOMER_FIELD_KEYS, CUSTOMER_FIELDS, CustomerPatch } from '../../../src/shared/customer-fields';
import { tempDir } from '../../helpers/temp';

describe('the customer-field table', () => {
  it('names columns that the archive has, each with its time column', () => {
    const db = openDatabase(path.join(tempDir(), 'a.db'), randomBytes(32), { create: true, migrate: true });
    try {
      const columns = new Set((db.prepare('PRAGMA table_info(customers)').all() as Array<{ name: string }>).map((c) => c.name));
      const named = CUSTOMER_FIELD_KEYS.flatMap((k) => [CUSTOMER_FIELDS[k].column, CUSTOMER_FIELDS[k].atColumn]);
      expect(named.filter((c) => !columns.has(c))).toEqual([]);
      expect(named.length).toBe(CUSTOMER_FIELD_KEYS.length * 2);
    } finally {
      db.close();
    }
  });

  it('validates what a user sets strictly, and normalises it', () => {
    expect(CustomerPatch.parse({ country: ' es ', timeZone: 'Europe/Madrid', name: '  Ana  ' })).toEqual({ country: 'ES', timeZone: 'Europe/Madrid', name: 'Ana' });
    expect(CustomerPatch.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(CustomerPatch.safeParse({ country: 'Spain' }).success).toBe(false);
    expect(CustomerPatch.safeParse({ stage: null }).success).toBe(false);
    expect(CustomerPatch.safeParse({ nickname: 'x' }).success).toBe(false);
    expect(CustomerPatch.parse({ company: null })).toEqual({ company: null });
  });

  it('lets a replicated operation carry a well-formed zone this machine does not know', () => {
    // another PC with a newer time-zone database set it; refusing it here would stop replication
    const op = ArchiveOp.parse({ op: 'customer', customerId: 'p:1', at: 1, timeZone: 'Mars/Olympus', country: 'ES' });
    expect(op).toMatchObject({ timeZone: 'Mars/Olympus', country: 'ES' });
    expect(ArchiveOp.safeParse({ op: 'customer', customerId: 'p:1', at: 1, country: 'es' }).success).toBe(false);
  });
});
