import type { FollowUp } from '../../shared/crm-views';
import type { Archive } from '../archive/archive';

/**
 * Follow-up reminders: finds open follow-ups that came due and reports each once (per due
 * time: moving the due time makes it remind again). The app turns a report into a
 * notification; `check()` is also what a test or the CLI calls directly.
 */
export class ReminderWatcher {
  private readonly notified = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;

  constructor(
    private readonly archive: Archive,
    private readonly onDue: (due: FollowUp[]) => void,
    private readonly options: { intervalMs?: number; clock?: () => number; onError?: (err: unknown) => void } = {},
  ) {}

  /** Follow-ups due now that were not reported yet; marks them reported. */
  async check(): Promise<FollowUp[]> {
    const now = (this.options.clock ?? Date.now)();
    const due = (await this.archive.query('followUpsDue', { until: now })).filter((f) => !this.notified.has(`${f.followUpId}@${f.dueAt}`));
    for (const f of due) this.notified.add(`${f.followUpId}@${f.dueAt}`);
    if (due.length > 0) this.onDue(due);
    return due;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poke(), this.options.intervalMs ?? 60_000);
    this.timer.unref();
    this.poke();
  }

  /** Checks now, or right after the check in progress: a follow-up added already due reminds at once. */
  poke(): void {
    if (!this.timer) return; // stopped: the archive may be closing
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.check().catch((err: unknown) => this.options.onError?.(err)).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
