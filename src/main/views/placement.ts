import type { BrowserWindow } from 'electron';
import type { Layout, SlotRect } from '../../shared/layout';
import { planViews, type ViewPlan } from '../policy/layout';
import type { AccountViews } from './account-views';

/**
 * Keeps the account views where the renderer's slots are (ARCHITECTURE §6): re-plans on
 * every slot report, layout change (review, blur), window resize or zoom, and whenever a
 * view is created or destroyed.
 */
export class Placement {
  #slots: SlotRect[] = [];
  #plan: ViewPlan = { visible: [], hidden: [] };

  constructor(
    private readonly win: BrowserWindow,
    private readonly views: AccountViews,
  ) {
    win.on('resize', () => this.replan());
    win.webContents.on('zoom-changed', () => this.replan());
    // A reload of the app renderer forgets its slots; hide the views until it reports again.
    win.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) this.update({ slots: [] });
    });
  }

  get plan(): ViewPlan {
    return this.#plan;
  }

  update(change: { slots?: SlotRect[]; layout?: Layout }): void {
    if (change.slots) this.#slots = change.slots;
    if (change.layout) {
      this.views.setReview(change.layout.review);
      this.views.setBlur(change.layout.blur);
    }
    this.replan();
  }

  replan(): void {
    if (this.win.isDestroyed()) return;
    const { width, height } = this.win.getContentBounds();
    this.#plan = planViews({
      slots: this.#slots.map((s) => ({ accountId: s.accountId, rect: { x: s.x, y: s.y, width: s.width, height: s.height } })),
      liveAccounts: this.views.liveAccounts(),
      zoomFactor: this.win.webContents.getZoomFactor(),
      content: { width, height },
    });
    this.views.apply(this.#plan);
  }
}
