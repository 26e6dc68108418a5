import { describe, expect, it } from 'vitest';
import { BUNDLE_EXTENSION } from '../../../src/core/exchange/bundle-format';
import { fileDialogFor } from '../../../src/main/policy/file-dialogs';
import { PICK_PURPOSES } from '../../../src/shared/contract';

describe('native file dialogs', () => {
  it('open WhatsApp exports as .txt or .zip, and bundles by their extension', () => {
    expect(fileDialogFor('whatsappExport')).toMatchObject({ mode: 'open', filters: [{ extensions: ['txt', 'zip'] }] });
    expect(fileDialogFor('bundleOpen')).toMatchObject({ mode: 'open', filters: [{ extensions: [BUNDLE_EXTENSION] }] });
  });

  it('save a bundle under a dated name with its extension', () => {
    expect(fileDialogFor('bundleSave', new Date('2026-11-25T10:00:00Z'))).toMatchObject({
      mode: 'save', defaultName: `switchboard-2026-11-25.${BUNDLE_EXTENSION}`, filters: [{ extensions: [BUNDLE_EXTENSION] }],
    });
  });

  it('chooses the new data folder as a folder, which may be created on the spot', () => {
    expect(fileDialogFor('dataFolder')).toMatchObject({ mode: 'folder', filters: [] });
  });

  it('has a bilingual title for every purpose the contract allows', () => {
    for (const p of PICK_PURPOSES) expect(fileDialogFor(p).title).toMatch(/[\u4e00-\u9fff].* · [A-Z]/);
  });
});
