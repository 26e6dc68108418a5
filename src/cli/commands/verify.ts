import { statSync } from 'node:fs';
import { Archive } from '../../core/archive/archive';
import { profilePaths } from '../../core/archive/profile';
import { parse, UsageError } from '../args';
import { KEY_HELP, KEY_OPTIONS, keyProviderFrom } from '../key-option';
import type { Output } from '../output';

export const VERIFY_USAGE = `switchboard verify <profile-or-archive-file> [--json]
  Checks every page of the database (integrity_check) and the audit log's hash chain. ${KEY_HELP}`;

export async function verifyCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, { ...KEY_OPTIONS, json: { type: 'boolean' } });
  const [target] = positionals;
  if (!target) throw new UsageError('verify needs a profile folder or an archive file.');
  let isDir = false;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    // Archive.open reports a missing file clearly
  }
  const file = isDir ? profilePaths(target).db : target;
  const archive = await Archive.open({ file, keys: keyProviderFrom(values), readOnly: true });
  try {
    const result = await archive.query('verify');
    if (values.json) out.json(result);
    else {
      out.line(`database pages: ${result.integrity.join('; ')}`);
      out.line(result.audit.ok
        ? `audit log: ${result.audit.entries} entries, hash chain intact`
        : `audit log: BROKEN at entry ${result.audit.brokenAt} of ${result.audit.entries}`);
      out.line(result.ok ? 'OK' : 'FAILED: restore from a backup or contact your administrator.');
    }
    return result.ok ? 0 : 1;
  } finally {
    await archive.close();
  }
}
