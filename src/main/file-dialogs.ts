import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { PickPurpose } from '../shared/contract';
import { fileDialogFor } from './policy/file-dialogs';

/** Core's pickPath on Electron's native dialogs, modal to the app window. */
export function nativePickPath(window: () => BrowserWindow | null): (purpose: PickPurpose) => Promise<string | null> {
  return async (purpose) => {
    const spec = fileDialogFor(purpose);
    const win = window();
    if (spec.mode === 'save') {
      const options = {
        title: spec.title,
        filters: spec.filters,
        defaultPath: path.join(app.getPath('documents'), spec.defaultName ?? ''),
      };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    }
    const properties = spec.mode === 'folder' ? ['openDirectory' as const, 'createDirectory' as const, 'promptToCreate' as const] : ['openFile' as const];
    const options = { title: spec.title, filters: spec.filters, properties };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
}
