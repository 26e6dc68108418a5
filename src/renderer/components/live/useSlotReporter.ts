import { type RefObject, useLayoutEffect } from 'react';
import type { SlotRect } from '../../../shared/layout';
import { call } from '../../api/client';
import { can } from '../../state/host';
import { reportError } from '../../state/toasts';

/**
 * Reports where each live slot is (elements with `data-slot-account`) so main can place the
 * account views there. Re-reports on any size change; reports no slots while disabled
 * (an overlay covers the area: a native view would hide it) and when unmounted.
 */
export function useSlotReporter(container: RefObject<HTMLElement | null>, enabled: boolean, layoutKey: string): void {
  useLayoutEffect(() => {
    // a host without live views (the team console) places nothing
    if (!can('layout.reportSlots')) return;
    const root = container.current;
    let frame = 0;
    let last = '';
    const send = (slots: SlotRect[]) => {
      const key = JSON.stringify(slots);
      if (key === last) return;
      last = key;
      call('layout.reportSlots', { slots }).catch(reportError);
    };
    const measure = (): SlotRect[] => {
      if (!enabled || !root) return [];
      return [...root.querySelectorAll<HTMLElement>('[data-slot-account]')].map((el) => {
        const r = el.getBoundingClientRect();
        return {
          accountId: el.dataset.slotAccount!,
          x: Math.max(0, r.left),
          y: Math.max(0, r.top),
          width: Math.max(0, r.width),
          height: Math.max(0, r.height),
        };
      });
    };
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => send(measure()));
    };
    const ro = new ResizeObserver(schedule);
    if (root) {
      ro.observe(root);
      root.querySelectorAll('[data-slot-account]').forEach((el) => ro.observe(el));
    }
    window.addEventListener('resize', schedule);
    send(measure());
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      window.removeEventListener('resize', schedule);
      call('layout.reportSlots', { slots: [] }).catch(reportError);
    };
  }, [container, enabled, layoutKey]);
}
