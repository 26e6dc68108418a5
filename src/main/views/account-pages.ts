import type { AccountPages } from '../../core/capture/composer-adapter';
import type { AccountViews } from './account-views';

/**
 * Scripts in the account views' WhatsApp pages (the translator's Insert), run by Electron in
 * the page's main world — where WhatsApp's own editor and modules live. Focusing the view
 * afterwards hands the keyboard to WhatsApp, so the rep's Enter sends what they read.
 */
export function accountPagesOf(views: Pick<AccountViews, 'get'>): AccountPages {
  return {
    async evaluate(accountId, expression) {
      const view = views.get(accountId);
      if (!view || view.webContents.isDestroyed()) return null;
      return { value: (await view.webContents.executeJavaScript(expression, true)) as unknown };
    },
    focus(accountId) {
      const view = views.get(accountId);
      if (view && !view.webContents.isDestroyed()) view.webContents.focus();
    },
  };
}
