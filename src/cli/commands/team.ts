import { Archive } from '../../core/archive/archive';
import { enroll, previewServer, readEnrollment } from '../../core/team/enrollment';
import { Replicator } from '../../core/team/replicator';
import { restoreFromTeam } from '../../core/team/restore';
import { parse, UsageError } from '../args';
import { KEY_HELP, KEY_OPTIONS, keyProviderFrom } from '../key-option';
import type { Output } from '../output';

export const TEAM_USAGE = `switchboard team enroll|status|push <profile> [options]
  enroll <profile> --server URL --code CODE [--name PC-NAME] [--fingerprint SHA256]
         joins the team server: shows and pins its certificate, turns replication on and
         queues the one-time upload of this profile's history
  status <profile> [--json]   replication state: pending batches, acknowledged sequence, upload progress
  push   <profile>            sends everything pending now and exits (the app does this continuously)
  restore <profile> [--account NUMBER]...
                              brings this user's accounts (or the given ones) and their whole history
                              down from the team server to this profile (a new or rebuilt PC)
  ${KEY_HELP}`;

export async function teamCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...KEY_OPTIONS, server: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, fingerprint: { type: 'string' },
    json: { type: 'boolean' }, account: { type: 'string', multiple: true },
  });
  const [sub, profile] = positionals;
  if (!sub || !['enroll', 'status', 'push', 'restore'].includes(sub)) throw new UsageError('Which team command? enroll, status, push or restore.');
  if (!profile) throw new UsageError(`team ${sub} needs a profile folder.`);
  const keys = keyProviderFrom(values);
  const { archive, paths } = await Archive.openProfile(profile, keys);
  try {
    if (sub === 'restore') {
      const e = await readEnrollment(archive, keys);
      if (!e) {
        out.error('This profile is not enrolled in a team server: switchboard team enroll first.');
        return 1;
      }
      const r = await restoreFromTeam({
        archive, enrollment: e, mediaDir: paths.media, ...(values.account ? { accountIds: values.account } : {}),
        onProgress: (p) => {
          if (p.stage === 'messages') out.line(`${p.label} (${p.index}/${p.accounts}): ${p.done}/${p.total} messages`);
          else if (p.done === 0) out.line(`${p.label} (${p.index}/${p.accounts}): ${p.total} files`);
        },
      });
      out.line(r.accounts.length
        ? `Restored ${r.accounts.length} account(s), ${r.messages} messages, ${r.files} files. Link each number by QR in the app to continue it here.`
        : 'The team server holds no accounts for this user.');
      return 0;
    }
    if (sub === 'enroll') {
      if (!values.server || !values.code) throw new UsageError('team enroll needs --server URL and --code CODE.');
      const preview = await previewServer(values.server);
      if (preview.certificate) {
        out.line(`Server certificate SHA-256: ${preview.certificate.fingerprint256}`);
        if (!values.fingerprint) {
          out.error('Compare it with the fingerprint IT gave you, then run again with --fingerprint <that value> to pin it.');
          return 2;
        }
      }
      const e = await enroll(archive, keys, {
        serverUrl: values.server, code: values.code, deviceName: values.name, expectFingerprint: values.fingerprint ?? null,
      });
      out.line(`Enrolled as device ${e.deviceId} (${e.deviceName}). Replication is on; the existing history uploads next (switchboard team push).`);
      return 0;
    }
    const enrollment = await readEnrollment(archive, keys);
    const status = await archive.query('replicationStatus');
    if (sub === 'status') {
      const view = { enrolled: !!enrollment, server: enrollment?.serverUrl ?? null, deviceId: enrollment?.deviceId ?? null, ...status };
      if (values.json) out.json(view);
      else {
        out.line(enrollment ? `Server     ${enrollment.serverUrl} (device ${enrollment.deviceId})` : 'Not enrolled in a team server.');
        out.line(`Pending    ${status.pendingBatches} batches, ${status.pendingOps} operations`);
        out.line(`Acked      up to ${status.ackedSeq}${status.ackedAt ? ` at ${new Date(status.ackedAt).toISOString()}` : ''}`);
        if (status.initialUpload) out.line('History    upload in progress (switchboard team push resumes it)');
      }
      return 0;
    }
    if (!enrollment) {
      out.error('This profile is not enrolled. Run: switchboard team enroll <profile> --server URL --code CODE');
      return 1;
    }
    const rep = new Replicator({
      archive, enrollment, mediaDir: paths.media,
      onState: (s) => {
        if (s.state === 'uploading') out.line(`history ${s.done}/${s.total} messages`);
        if (s.state === 'media' && s.pending % 100 === 0) out.line(`media: ${s.pending} files to send`);
      },
    });
    const end = await rep.drain();
    out.line(end.state === 'synced' ? 'Everything is on the team server.' : `Stopped: ${end.state}`);
    return 0;
  } finally {
    await archive.close();
  }
}
