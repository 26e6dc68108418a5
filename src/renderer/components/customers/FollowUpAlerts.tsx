import { useEvent } from '../../api/client';
import { toast } from '../../state/toasts';
import { ui } from '../../state/ui';

/** Shows follow-up reminders as they come due (Core reports each once per due time); "Show" opens the customer. */
export function FollowUpAlerts() {
  useEvent('crm.followUpsDue', (due) => {
    for (const f of due.slice(0, 3)) {
      toast('info', 'customers.reminder', { text: f.text ?? '' }, { key: 'common.show', run: () => ui.openCustomer(f.customerId) });
    }
    if (due.length > 3) toast('info', 'customers.moreReminders', { count: due.length - 3 }, { key: 'common.show', run: () => ui.openCustomer(null) });
  });
  return null;
}
