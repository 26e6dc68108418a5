import { BUNDLE_EXTENSION } from '../../core/exchange/bundle-format';
import type { PickPurpose } from '../../shared/contract';

/**
 * What each native file dialog asks for. Titles are bilingual like other main-process
 * text (main has no i18n), filters keep reps from picking the wrong kind of file, and a
 * bundle is saved with its extension so it can be found again.
 */
export interface FileDialogSpec {
  mode: 'open' | 'save' | 'folder';
  title: string;
  filters: Array<{ name: string; extensions: string[] }>;
  /** For save: the suggested file name. */
  defaultName?: string;
}

export function fileDialogFor(purpose: PickPurpose, now: Date = new Date()): FileDialogSpec {
  switch (purpose) {
    case 'whatsappExport':
      return {
        mode: 'open',
        title: '选择 WhatsApp 导出的聊天记录 · Choose a WhatsApp chat export',
        filters: [{ name: 'WhatsApp chat export (.txt, .zip)', extensions: ['txt', 'zip'] }],
      };
    case 'bundleOpen':
      return {
        mode: 'open',
        title: '选择 Switchboard 数据包 · Choose a Switchboard bundle',
        filters: [{ name: 'Switchboard bundle', extensions: [BUNDLE_EXTENSION] }],
      };
    case 'bundleSave':
      return {
        mode: 'save',
        title: '保存 Switchboard 数据包 · Save a Switchboard bundle',
        filters: [{ name: 'Switchboard bundle', extensions: [BUNDLE_EXTENSION] }],
        defaultName: `switchboard-${now.toISOString().slice(0, 10)}.${BUNDLE_EXTENSION}`,
      };
    case 'dataFolder':
      return { mode: 'folder', title: '选择新的数据文件夹（空文件夹） · Choose the new data folder (empty)', filters: [] };
  }
}
