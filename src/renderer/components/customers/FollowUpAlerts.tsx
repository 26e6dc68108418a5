import { useEvent } from '../../api/client';
import { toast } from '../../state/toasts';

/** Shows follow-up reminders as they come due (Core reports each once per due time). */
export function FollowUpAlerts() {
  useEvent('crm.followUpsDue', (due) => {
    for (const f of due.slice(0, 3)) toast('info', 'customers.reminder', { text: f.text ?? '' });
    if (due.length > 3) toast('info', 'customers.moreReminders', { count: due.length - 3 });
  });
  return null;
}
