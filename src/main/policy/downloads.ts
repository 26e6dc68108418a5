import path from 'node:path';
import { sanitizeFilename } from '../../core/archive/media-store';

/**
 * Files saved from an account view go to the folder the user chose, under a sanitized name
 * that never overwrites an existing file ("name (2).pdf").
 */
export function downloadTarget(
  folder: string,
  suggestedName: string,
  exists: (file: string) => boolean,
): string {
  const name = sanitizeFilename(suggestedName) ?? 'download';
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length) || 'download';
  let candidate = path.join(folder, name);
  for (let n = 2; exists(candidate); n++) {
    if (n > 9999) throw new Error(`Too many files named ${name} in ${folder}.`);
    candidate = path.join(folder, `${stem} (${n})${ext}`);
  }
  return candidate;
}
