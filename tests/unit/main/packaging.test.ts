import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as FusesModule from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../../src/main/app-id';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../../..');
const fuses = require('@electron/fuses') as typeof FusesModule;
const { fuseConfigFor } = require(path.join(root, 'build/fuses.cjs')) as {
  fuseConfigFor: (platform: string, arch: number) => Record<string, unknown>;
};
const afterPack = require(path.join(root, 'build/after-pack.cjs')) as ((ctx: unknown) => Promise<void>) & {
  electronBinary: (ctx: unknown) => string;
};
const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const O = fuses.FuseV1Options;
const S = { DISABLE: 48, ENABLE: 49, INHERIT: 144 };
const ARCH = { x64: 1, arm64: 3, universal: 4 };

describe('electron-builder.yml', () => {
  it('uses the app id main uses for notifications', () => {
    expect(/^appId:\s*(\S+)/m.exec(yml)?.[1]).toBe(APP_ID);
  });

  it('unpacks the native SQLite module from asar and rebuilds it for Electron', () => {
    expect(yml).toMatch(/asarUnpack:\s*\n\s*-\s*"\*\*\/node_modules\/better-sqlite3-multiple-ciphers\/\*\*"/);
    expect(yml).toMatch(/^npmRebuild:\s*true/m);
    expect(yml).toMatch(/^asar:\s*true/m);
  });

  it('builds the promised targets and flips fuses after packing', () => {
    expect(yml).toMatch(/target: nsis\s*\n\s*arch: \[x64, arm64\]/);
    expect(yml).toMatch(/target: dmg\s*\n\s*arch: \[universal\]/);
    expect(yml).toMatch(/hardenedRuntime: true/);
    expect(yml).toMatch(/notarize: true/);
    expect(yml).toMatch(/target: AppImage/);
    expect(yml).toMatch(/target: deb/);
    expect(yml).toMatch(/^afterPack: build\/after-pack\.cjs$/m);
    expect(yml).toMatch(/^publish:\s*\n\s*provider: github/m);
  });

  it('never contains signing secrets', () => {
    expect(yml).not.toMatch(/CSC_KEY_PASSWORD:\s*\S|password:\s*\S|APPLE_APP_SPECIFIC_PASSWORD:\s*\S/i);
  });
});

describe('fuses', () => {
  it('turn off RunAsNode, NODE_OPTIONS and --inspect; turn on asar integrity and asar-only loading', () => {
    const c = fuseConfigFor('win32', ARCH.x64);
    expect(c[O.RunAsNode]).toBe(false);
    expect(c[O.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(c[O.EnableNodeCliInspectArguments]).toBe(false);
    expect(c[O.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(c[O.OnlyLoadAppFromAsar]).toBe(true);
    expect(c[O.EnableCookieEncryption]).toBe(true);
    expect(c[O.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(c['resetAdHocDarwinSignature']).toBe(false);
    expect(fuseConfigFor('darwin', ARCH.arm64)['resetAdHocDarwinSignature']).toBe(true);
    expect(fuseConfigFor('darwin', ARCH.universal)['resetAdHocDarwinSignature']).toBe(true);
    expect(fuseConfigFor('darwin', ARCH.x64)['resetAdHocDarwinSignature']).toBe(false);
  });

  // The binary is a fixture holding only a fuse wire (sentinel, version 1, length, states):
  // enough to prove the hook finds the right file per platform and flips every fuse.
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-fuses-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const wireFile = (file: string, length = 9) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.concat([Buffer.from('padding'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, length]), Buffer.alloc(length, S.INHERIT), Buffer.from('tail')]));
  };
  const ctx = (platform: string, appOutDir: string, arch = ARCH.x64) => ({
    appOutDir,
    electronPlatformName: platform,
    arch,
    packager: { appInfo: { productFilename: 'Switchboard' }, executableName: 'switchboard' },
  });

  it.each([
    ['linux', 'switchboard'],
    ['win32', 'Switchboard.exe'],
    ['darwin', 'Switchboard.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'],
  ])('the afterPack hook flips the fuses in the %s binary', async (platform, rel) => {
    const out = path.join(dir, platform);
    wireFile(path.join(out, rel));
    // Darwin x64 needs no ad-hoc re-signing (arm64 would run codesign, which only exists on macOS).
    await afterPack(ctx(platform, out));
    const wire = await fuses.getCurrentFuseWire(afterPack.electronBinary(ctx(platform, out)));
    expect(wire[O.RunAsNode]).toBe(S.DISABLE);
    expect(wire[O.EnableNodeOptionsEnvironmentVariable]).toBe(S.DISABLE);
    expect(wire[O.EnableNodeCliInspectArguments]).toBe(S.DISABLE);
    expect(wire[O.EnableEmbeddedAsarIntegrityValidation]).toBe(S.ENABLE);
    expect(wire[O.OnlyLoadAppFromAsar]).toBe(S.ENABLE);
    // A fuse newer than this config is left as the binary has it.
    expect(wire[8 as never]).toBe(S.INHERIT);
  });
});

describe('release workflow', () => {
  const wf = readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8');
  it('builds on Windows, macOS and Linux runners after the tests', () => {
    expect(wf).toMatch(/os: windows-/);
    expect(wf).toMatch(/os: macos-/);
    expect(wf).toMatch(/os: ubuntu-/);
    expect(wf).toMatch(/needs: electron-e2e/);
    expect(wf).toMatch(/npm run test:electron/);
  });
  it('takes signing material from secrets only', () => {
    for (const name of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'AZURE_CLIENT_SECRET', 'APPLE_API_KEY_P8']) {
      const lines = wf.split('\n').filter((l) => new RegExp(`^\\s*${name}:`).test(l));
      expect(lines, `${name} is passed to the signing step`).not.toHaveLength(0);
      for (const line of lines) {
        // the value is an expression over secrets (and the runner's OS), never a literal
        const value = line.slice(line.indexOf(':') + 1).trim();
        expect(value, name).toMatch(/^\$\{\{.*\bsecrets\.[A-Z0-9_]+.*\}\}$/);
        expect(value.replace(/secrets\.[A-Z0-9_]+|runner\.os|'[A-Za-z]*'|[=!|&() ]|\$\{\{|\}\}/g, ''), name).toBe('');
      }
    }
  });
});
