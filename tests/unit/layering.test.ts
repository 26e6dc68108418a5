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
