import { z } from 'zod';
import type { DoNotDisturb } from './policy/notifications';
import { readJsonFile, writeFileAtomic } from './util/json-file';

/**
 * Settings that belong to this machine's shell rather than to the archive: do-not-disturb
 * and where downloads from account views go. (App settings live in the archive, via Core.)
 */
const ShellSettingsSchema = z.object({
  version: z.literal(1),
  dnd: z.object({ enabled: z.boolean(), until: z.number().int().nullable() }),
  downloadFolder: z.string().min(1).max(4096).nullable(),
});
type ShellSettingsFile = z.infer<typeof ShellSettingsSchema>;

const DEFAULTS: ShellSettingsFile = { version: 1, dnd: { enabled: false, until: null }, downloadFolder: null };

export class ShellSettings {
  private constructor(
    private readonly file: string,
    private value: ShellSettingsFile,
  ) {}

  static async load(file: string, log: (msg: string) => void): Promise<ShellSettings> {
    const r = await readJsonFile(file, ShellSettingsSchema);
    if (r.kind === 'invalid') log(`shell settings at ${file} ignored (${r.reason}); using defaults`);
    return new ShellSettings(file, r.kind === 'ok' ? r.value : structuredClone(DEFAULTS));
  }

  get dnd(): DoNotDisturb {
    return this.value.dnd;
  }

  get downloadFolder(): string | null {
    return this.value.downloadFolder;
  }

  async update(patch: Partial<Omit<ShellSettingsFile, 'version'>>): Promise<void> {
    const next = ShellSettingsSchema.parse({ ...this.value, ...patch });
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2));
    this.value = next;
  }
}
