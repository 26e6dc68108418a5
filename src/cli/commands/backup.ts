import path from 'node:path';
import { Archive } from '../../core/archive/archive';
import { parse, UsageError } from '../args';
import { KEY_HELP, KEY_OPTIONS, keyProviderFrom } from '../key-option';
import type { Output } from '../output';

export const BACKUP_USAGE = `switchboard backup <profile> <target-file>
  An encrypted copy of the archive (same key), taken while the app keeps writing. ${KEY_HELP}`;

export async function backupCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, KEY_OPTIONS);
  const [profile, target] = positionals;
  if (!profile || !target) throw new UsageError('backup needs a profile folder and a target file.');
  const { archive } = await Archive.openProfile(profile, keyProviderFrom(values), { readOnly: true });
  try {
    const result = await archive.backup(path.resolve(target));
    out.line(`Backup written to ${result.target}. Check it with: switchboard verify ${result.target}`);
    return 0;
  } finally {
    await archive.close();
  }
}
