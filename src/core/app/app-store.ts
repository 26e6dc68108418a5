import { DEFAULT_LAYOUT, Layout } from '../../shared/layout';
import { DEFAULT_SETTINGS, Settings } from '../../shared/settings';
import type { Archive } from '../archive/archive';
import { StoredPassphrase } from './admin-passphrase';

const KEYS = { settings: 'app.settings', layout: 'app.layout', passphrase: 'admin.passphrase' } as const;

/**
 * The app's own state kept in the archive's settings table (encrypted with the rest):
 * settings, the live-area layout, the admin passphrase hash. Every value is validated when
 * read; a field that no longer validates falls back to its default instead of failing.
 */
export class AppStore {
  private constructor(
    private readonly archive: Archive,
    public settings: Settings,
    public layout: Layout,
    public passphrase: StoredPassphrase | null,
  ) {}

  static async load(archive: Archive): Promise<AppStore> {
    const raw = await archive.query('settings');
    const passphrase = StoredPassphrase.safeParse(raw[KEYS.passphrase]);
    const layout = Layout.safeParse(raw[KEYS.layout]);
    return new AppStore(archive, settingsFrom(raw[KEYS.settings]), layout.success ? layout.data : DEFAULT_LAYOUT,
      passphrase.success ? passphrase.data : null);
  }

  async saveSettings(next: Settings): Promise<void> {
    await this.archive.write([{ op: 'setting', key: KEYS.settings, value: next }]);
    this.settings = next;
  }

  async saveLayout(next: Layout): Promise<void> {
    await this.archive.write([{ op: 'setting', key: KEYS.layout, value: next }]);
    this.layout = next;
  }

  async savePassphrase(next: StoredPassphrase, audit: { actor: string; action: string }): Promise<void> {
    await this.archive.write([
      { op: 'setting', key: KEYS.passphrase, value: next },
      { op: 'audit', actor: audit.actor, action: audit.action, target: null, detail: {} },
    ]);
    this.passphrase = next;
  }
}

function settingsFrom(raw: unknown): Settings {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(Settings.shape)) {
    const parsed = schema.safeParse(obj[key]);
    out[key] = parsed.success ? parsed.data : DEFAULT_SETTINGS[key as keyof Settings];
  }
  return Settings.parse(out);
}
