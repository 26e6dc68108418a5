import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../../src/core/archive/key';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../../src/core/archive/migrations';
import { openDatabase } from '../../../../src/core/archive/open';
import { tempDir } from '../../../helpers/temp';
import { existsSync } from 'node:fs';
import path from 'node:path';

function freshDb() {
  return openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true });
}

describe('migrations', () => {
  it('are numbered 1..N without gaps, and each has its own test file', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
    for (const m of MIGRATIONS) {
      const file = `${String(m.version).padStart(3, '0')}-${m.name}.test.ts`;
      expect(existsSync(new URL(`./${file}`, import.meta.url)), `tests/unit/archive/migrations/${file}`).toBe(true);
    }
  });

  it('step from every N−1 to N', () => {
    const db = freshDb();
    for (const m of MIGRATIONS) {
      migrate(db, m.version);
      expect(schemaVersion(db)).toBe(m.version);
    }
    db.close();
  });

  it('a migration that fails leaves the schema exactly as it was', () => {
    const db = freshDb();
    migrate(db);
    const broken = { version: LATEST_VERSION + 1, name: 'broken', up: (d: typeof db) => {
      d.exec('CREATE TABLE half_done (x)');
      throw new Error('boom');
    } };
    expect(() => migrate(db, broken.version, [...MIGRATIONS, broken])).toThrow('boom');
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });
});
