import type { TeamStatusView } from '../../shared/team-views';
import { enroll, type Enrollment, ENROLLMENT_SETTING, previewServer, readEnrollment, StoredEnrollment } from '../team/enrollment';
import { TeamHttpError } from '../team/team-http';
import { Replicator } from '../team/replicator';
import { listRestorable, restoreFromTeam } from '../team/restore';
import type { InboxItem } from '../team/wire';
import type { ArchiveOpInput } from '../archive/operations';
import { AppError } from './app-error';
import { authorizeAdmin, type CoreContext, type HandlerMap } from './context';

type TeamHandlers = Pick<HandlerMap, 'team.status' | 'team.preview' | 'team.enroll' | 'team.restorable' | 'team.restore'>;

/**
 * The desktop's side of the team server inside the app: while the profile is enrolled, a
 * Replicator sends what the archive commits (it looks at the outbox when nudged by a
 * captured message, and every few seconds), and its state reaches the window as
 * `team.state`. Enrolling is an admin action (it sends the archive to a company server).
 * Without a server, or with the server down, nothing about the local app changes.
 */
export interface TeamTimings { heartbeatMs?: number; retryMaxMs?: number }

export function teamSync(ctx: CoreContext, report: (err: unknown, where: string) => void, timings: TeamTimings = {}) {
  let replicator: Replicator | null = null;
  let enrollment: Enrollment | null = null;

  const start = (e: Enrollment) => {
    enrollment = e;
    replicator = new Replicator({ archive: ctx.archive, enrollment: e, mediaDir: ctx.paths.media, appVersion: ctx.version,
      ...(timings.heartbeatMs !== undefined ? { heartbeatMs: timings.heartbeatMs, idleMs: timings.heartbeatMs } : {}),
      ...(timings.retryMaxMs !== undefined ? { retryMinMs: Math.min(1000, timings.retryMaxMs), retryMaxMs: timings.retryMaxMs } : {}),
      onState: (s) => ctx.events.emit('team.state', s), onInbox: (item) => assigned(e, item) });
    replicator.start();
  };

  /**
   * The team server handed an account to this PC's user (bring it down, then the rep links it
   * by QR), or handed one of ours to someone else (let its WhatsApp login go here; the local
   * copy stays until an admin wipes the PC).
   */
  async function assigned(e: Enrollment, item: InboxItem): Promise<void> {
    if (item.kind === 'ops') {
      // the team names accounts by their number; here each is the local account linked to it
      const local = new Map<string, string>();
      for (const a of await ctx.archive.query('accounts', { includeRemoved: true })) if (a.meId) local.set(a.meId, a.id);
      const ops: ArchiveOpInput[] = [];
      for (const op of item.payload.ops) {
        if (!('accountId' in op)) ops.push(op);
        else if (local.has(op.accountId)) ops.push({ ...op, accountId: local.get(op.accountId)! } as ArchiveOpInput);
      }
      if (ops.length) await ctx.archive.write(ops, ctx.now(), { fromTeam: true });
      ctx.events.emit('crm.changed', { customerId: null });
      return;
    }
    if (item.kind === 'restore') {
      await restoreFromTeam({ archive: ctx.archive, enrollment: e, mediaDir: ctx.paths.media, accountIds: item.payload.accountIds,
        onProgress: (p) => ctx.events.emit('team.restore', p) });
      ctx.events.emit('team.assignment', { kind: 'restored', accountIds: item.payload.accountIds });
    } else {
      const number = item.payload.accountId;
      const local = (await ctx.archive.query('accounts', {})).filter((a) => a.meId === number || a.id === number);
      for (const a of local) {
        await ctx.archive.write([{ op: 'audit', actor: 'team-server', action: 'account.release', target: a.id, detail: { number } }]);
        if (ctx.supervisor) await ctx.supervisor.removeAccount(a.id);
      }
      ctx.events.emit('team.assignment', { kind: 'released', accountId: number });
    }
    ctx.events.emit('accounts.changed', { accountId: null });
  }

  const ready = readEnrollment(ctx.archive, ctx.keys).then((e) => {
    if (e) start(e);
  }, (err: unknown) => report(err, 'team enrollment'));

  async function status(): Promise<TeamStatusView> {
    await ready;
    const raw = (await ctx.archive.query('settings'))[ENROLLMENT_SETTING];
    const stored = raw ? StoredEnrollment.parse(raw) : null;
    return {
      enrollment: stored && {
        serverUrl: stored.serverUrl, deviceId: stored.deviceId, deviceName: stored.deviceName,
        fingerprint: stored.pinned?.fingerprint256 ?? null, enrolledAt: stored.enrolledAt,
      },
      replication: replicator?.state ?? { state: 'stopped' },
    };
  }

  let restoring = false;
  const enrolled = async (): Promise<Enrollment> => {
    await ready;
    if (!enrollment) throw new AppError('INVALID_INPUT', 'This PC is not enrolled in a team server: join one under Settings → Team server first.');
    return enrollment;
  };

  const unreachable = (err: unknown) => new AppError('INVALID_INPUT',
    `The team server could not be reached: ${err instanceof Error ? err.message : String(err)}. Check the address with IT.`);

  const handlers: TeamHandlers = {
    'team.status': () => status(),
    'team.preview': async ({ serverUrl }) => {
      try {
        const p = await previewServer(serverUrl);
        return { https: p.https, fingerprint: p.certificate?.fingerprint256 ?? null };
      } catch (err) {
        throw unreachable(err);
      }
    },
    'team.enroll': async ({ serverUrl, code, fingerprint, deviceName, passphrase }) => {
      await ready;
      if (enrollment) throw new AppError('CONFLICT', `This profile is already enrolled in ${enrollment.serverUrl}.`);
      await authorizeAdmin(ctx, passphrase, 'team.enroll', serverUrl, { deviceName: deviceName ?? null });
      let e: Enrollment;
      try {
        e = await enroll(ctx.archive, ctx.keys, { serverUrl, code, expectFingerprint: fingerprint, appVersion: ctx.version,
          ...(deviceName ? { deviceName } : {}) });
      } catch (err) {
        if (err instanceof TeamHttpError) throw new AppError('INVALID_INPUT', `The team server refused the enrollment: ${err.message}`);
        throw unreachable(err);
      }
      start(e);
      return status();
    },
    'team.restorable': async () => {
      const e = await enrolled();
      return listRestorable(e).catch((err: unknown) => {
        throw unreachable(err);
      });
    },
    'team.restore': async ({ accountIds }) => {
      const e = await enrolled();
      if (restoring) throw new AppError('CONFLICT', 'A restore is already running.');
      restoring = true;
      try {
        const r = await restoreFromTeam({ archive: ctx.archive, enrollment: e, mediaDir: ctx.paths.media,
          ...(accountIds ? { accountIds } : {}), onProgress: (p) => ctx.events.emit('team.restore', p) });
        ctx.events.emit('accounts.changed', { accountId: null });
        return r;
      } catch (err) {
        if (err instanceof TeamHttpError) throw new AppError('INVALID_INPUT', `The team server refused the restore: ${err.message}`);
        if (err instanceof AppError) throw err;
        throw unreachable(err);
      } finally {
        restoring = false;
      }
    },
  };

  return {
    handlers,
    /** Something was committed: look at the outbox now. */
    nudge: () => replicator?.nudge(),
    async dispose() {
      await ready;
      await replicator?.stop();
    },
  };
}
