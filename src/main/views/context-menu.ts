import { clipboard, Menu, shell, type MenuItemConstructorOptions, type WebContents } from 'electron';
import { isExternalUrlAllowed } from '../policy/url-policy';

export type MenuLanguage = 'zh-CN' | 'en';

const T = {
  'zh-CN': { cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选', openLink: '在浏览器中打开链接', copyLink: '复制链接地址', addWord: '添加到词典' },
  en: { cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select all', openLink: 'Open link in browser', copyLink: 'Copy link address', addWord: 'Add to dictionary' },
} as const;

/**
 * Electron shows no context menu by itself. Account views get spelling suggestions, the
 * usual edit commands and links — and in review mode only what reads (copy, links).
 */
export function attachContextMenu(wc: WebContents, opts: { reviewMode: () => boolean; language: () => MenuLanguage }): void {
  wc.on('context-menu', (_event, params) => {
    const t = T[opts.language()];
    const review = opts.reviewMode();
    const items: MenuItemConstructorOptions[] = [];
    if (!review && params.misspelledWord) {
      for (const s of params.dictionarySuggestions.slice(0, 5)) items.push({ label: s, click: () => wc.replaceMisspelling(s) });
      items.push({ label: t.addWord, click: () => wc.session.addWordToSpellCheckerDictionary(params.misspelledWord) });
      items.push({ type: 'separator' });
    }
    if (params.linkURL && isExternalUrlAllowed(params.linkURL)) {
      items.push({ label: t.openLink, click: () => void shell.openExternal(params.linkURL) });
      items.push({ label: t.copyLink, click: () => clipboard.writeText(params.linkURL) });
      items.push({ type: 'separator' });
    }
    const f = params.editFlags;
    if (!review && params.isEditable) items.push({ label: t.cut, role: 'cut', enabled: f.canCut });
    items.push({ label: t.copy, role: 'copy', enabled: f.canCopy });
    if (!review && params.isEditable) items.push({ label: t.paste, role: 'paste', enabled: f.canPaste });
    items.push({ label: t.selectAll, role: 'selectAll', enabled: f.canSelectAll });
    Menu.buildFromTemplate(items).popup();
  });
}
