import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SIM_WA_WEB_VERSION, SIM_WWEBJS_VERSION } from './version';

const require = createRequire(import.meta.url);

describe('simulator pin', () => {
  it('implements the installed whatsapp-web.js release (bump both together)', () => {
    const installed = (require('whatsapp-web.js/package.json') as { version: string }).version;
    expect(installed, `whatsapp-web.js ${installed} is installed but tests/wa-sim implements ${SIM_WWEBJS_VERSION}: ` +
      're-read its Client.js and src/util/Injected, update the page modules, then bump SIM_WWEBJS_VERSION').toBe(SIM_WWEBJS_VERSION);
  });

  it('reports the WhatsApp Web version that release expects by default', () => {
    const constants = readFileSync(require.resolve('whatsapp-web.js/src/util/Constants.js'), 'utf8');
    expect(constants).toContain(`webVersion: '${SIM_WA_WEB_VERSION}'`);
    expect(readFileSync(new URL('./page/store.js', import.meta.url), 'utf8')).toContain(`WA_WEB_VERSION = '${SIM_WA_WEB_VERSION}'`);
  });
});
