import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function lintAs(fixture: string, filePath: string) {
  const code = readFileSync(new URL(`../fixtures/layering/${fixture}`, import.meta.url), 'utf8');
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'local/layering').map((m) => m.message);
}

describe('layering lint rule (ARCHITECTURE §1)', () => {
  it('rejects Node and core imports in the renderer', async () => {
    const errors = await lintAs('renderer-imports-node.tsx', 'src/renderer/fixture.tsx');
    expect(errors).toEqual([
      'src/renderer must not import Node modules (node:fs)',
      'src/renderer must not import src/core (../core/archive/open)',
    ]);
  });

  it('rejects electron in the core', async () => {
    expect(await lintAs('core-imports-electron.ts', 'src/core/fixture.ts')).toEqual([
      'src/core must not import electron',
    ]);
  });

  it('accepts zod in shared', async () => {
    expect(await lintAs('shared-ok.ts', 'src/shared/fixture.ts')).toEqual([]);
  });

  it('rejects a node import in shared and allows only contextBridge/ipcRenderer in preload', async () => {
    const shared = await eslint.lintText("import fs from 'node:fs';\nexport const a = fs;\n", {
      filePath: 'src/shared/x.ts',
    });
    expect(shared[0]?.messages.map((m) => m.message)).toContain('src/shared must not import Node modules (node:fs)');
    const preload = await eslint.lintText(
      "import { contextBridge, ipcRenderer } from 'electron';\nimport { shell } from 'electron';\nexport const a = [contextBridge, ipcRenderer, shell];\n",
      { filePath: 'src/preload/x.ts' },
    );
    expect(preload[0]?.messages.filter((m) => m.ruleId === 'local/layering').map((m) => m.message)).toEqual([
      'src/preload must not import electron (only contextBridge and ipcRenderer)',
    ]);
  });
});

async function lintCode(code: string, filePath: string, rule: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('core areas (archive < capture < accounts < app; exchange < crm)', () => {
  it('rejects capture reaching up into accounts, and exchange into crm', async () => {
    expect(await lintCode("import type { X } from '../accounts/supervisor-api';\nexport type Y = X;\n", 'src/core/capture/fixture.ts', 'local/layering'))
      .toEqual(['src/core/capture must not import src/core/accounts (../accounts/supervisor-api); see CORE_AREAS in eslint-rules/layering.js']);
    expect(await lintCode("import { CustomerService } from '../crm/customers';\nexport const s = CustomerService;\n", 'src/core/exchange/fixture.ts', 'local/layering'))
      .toEqual(['src/core/exchange must not import src/core/crm (../crm/customers); see CORE_AREAS in eslint-rules/layering.js']);
  });

  it('accepts imports downwards and within an area', async () => {
    const code = "import { openDatabase } from '../archive/open';\nimport { normalizeText } from './normalize';\nexport const a = [openDatabase, normalizeText];\n";
    expect(await lintCode(code, 'src/core/capture/fixture.ts', 'local/layering')).toEqual([]);
    expect(await lintCode("import { exportBundle } from '../exchange/bundle-export';\nexport const e = exportBundle;\n", 'src/core/crm/fixture.ts', 'local/layering')).toEqual([]);
  });
});

describe('vocabulary lint rule', () => {
  const bad = [
    "export const g = (id: string) => id.endsWith('@g.us');",
    "export const g2 = (id: string) => /@g\\.us$/.test(id);",
    "export const status = (id: string) => id === 'status@broadcast';",
    'export const me = (digits: string) => `${digits}@c.us`;',
    "export const sql = `SELECT 1 FROM chats c WHERE c.wa_id LIKE '%@lid'`;",
    'export const SORT_SLOTS = 1024;',
    'export const key = (ts: number) => ts * 1024;',
    'export const sql2 = `SELECT 1 FROM messages u WHERE u.sort_key >= (c.last_seen_ts + 1) * 1024`;',
  ];
  const fine = [
    'export const cap = (mb: number) => mb * 1024 * 1024;',
    'export const note = 64 * 1024;',
    "export const sql = 'INSERT INTO contacts (lid) VALUES (@lid)';",
    'export const kib = (n: number) => n / 1024;',
    "export const email = /^[^@]+@example\\.com$/;",
  ];

  it('reports id suffixes and sort-key arithmetic spelled outside the vocabulary', async () => {
    for (const code of bad) expect(await lintCode(`${code}\n`, 'src/core/archive/queries/fixture.ts', 'local/vocabulary'), code).toHaveLength(1);
  });

  it('lets byte sizes, SQL parameters and the vocabulary itself pass', async () => {
    for (const code of fine) expect(await lintCode(`${code}\n`, 'src/core/archive/queries/fixture.ts', 'local/vocabulary'), code).toEqual([]);
    for (const code of bad) expect(await lintCode(`${code}\n`, 'src/shared/vocabulary/fixture.ts', 'local/vocabulary'), code).toEqual([]);
  });
});
