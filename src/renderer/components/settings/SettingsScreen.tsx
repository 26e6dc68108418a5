import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveStats, Person } from '../../../shared/archive-views';
import type { AppInfo } from '../../../shared/contract';
import { LANGUAGES, THEMES } from '../../../shared/settings';
import { call } from '../../api/client';
import { formatBytes, formatNumber } from '../../lib/format';
import { useStore } from '../../lib/store';
import { useHost } from '../../state/host';
import { changeSettings, settingsStore } from '../../state/settings';
import { reportError, toast } from '../../state/toasts';
import { MoveDataFolder } from './MoveDataFolder';
import { TeamServerSettings } from './TeamServerSettings';
import { TranslationSettings } from './TranslationSettings';

function Row({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="setting-row">
      <div className="setting-label">
        <span>{label}</span>
        {hint && <small>{hint}</small>}
      </div>
      <div className="setting-control">{children}</div>
    </div>
  );
}

function Toggle({ checked, onChange, label, testId }: { checked: boolean; onChange: (v: boolean) => void; label: string; testId?: string }) {
  return (
    <button type="button" role="switch" aria-checked={checked} aria-label={label} className={`switch ${checked ? 'is-on' : ''}`}
      onClick={() => onChange(!checked)} data-testid={testId}>
      <span />
    </button>
  );
}

function NumberField({ value, min, max, onCommit, suffix }: { value: number; min: number; max: number; onCommit: (v: number) => void; suffix: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const n = Number(text);
    if (Number.isInteger(n) && n >= min && n <= max) {
      if (n !== value) onCommit(n);
    } else setText(String(value));
  };
  return (
    <span className="number-field">
      <input type="number" min={min} max={max} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()} />
      <span>{suffix}</span>
    </span>
  );
}

function AdminSection({ onPeople }: { onPeople: () => void }) {
  const { t } = useTranslation();
  const [set, setSet] = useState<boolean | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [personName, setPersonName] = useState('');
  const [personRole, setPersonRole] = useState<'rep' | 'admin'>('rep');
  const [passphrase, setPassphrase] = useState('');
  useEffect(() => {
    call('admin.status', {}).then((s) => setSet(s.passphraseSet)).catch(reportError);
  }, []);
  const savePassphrase = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('admin.setPassphrase', { current: set ? current : null, next });
      setSet(true);
      setCurrent('');
      setNext('');
      toast('info', 'settings.admin.saved');
    } catch (err) {
      reportError(err);
    }
  };
  const addPerson = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('people.save', { name: personName, role: personRole, passphrase });
      setPersonName('');
      setPassphrase('');
      onPeople();
      toast('info', 'settings.team.added');
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <>
      <form className="setting-form" onSubmit={(e) => void savePassphrase(e)}>
        <h3>{set ? t('settings.admin.change') : t('settings.admin.set')}</h3>
        <p className="muted small">{t('settings.admin.hint')}</p>
        {set && (
          <input type="password" autoComplete="current-password" placeholder={t('settings.admin.current')} value={current}
            onChange={(e) => setCurrent(e.target.value)} aria-label={t('settings.admin.current')} />
        )}
        <input type="password" autoComplete="new-password" placeholder={t('settings.admin.next')} value={next} minLength={8}
          onChange={(e) => setNext(e.target.value)} aria-label={t('settings.admin.next')} data-testid="admin-next" />
        <button type="submit" className="button" disabled={next.length < 8} data-testid="admin-save">{t('common.save')}</button>
      </form>
      <form className="setting-form" onSubmit={(e) => void addPerson(e)}>
        <h3>{t('settings.team.add')}</h3>
        <input placeholder={t('settings.team.name')} value={personName} onChange={(e) => setPersonName(e.target.value)}
          aria-label={t('settings.team.name')} />
        <select value={personRole} onChange={(e) => setPersonRole(e.target.value as 'rep' | 'admin')} aria-label={t('settings.team.role')}>
          <option value="rep">{t('settings.team.rep')}</option>
          <option value="admin">{t('settings.team.admin')}</option>
        </select>
        <input type="password" placeholder={t('dialogs.passphrase')} value={passphrase} onChange={(e) => setPassphrase(e.target.value)}
          aria-label={t('dialogs.passphrase')} />
        <button type="submit" className="button" disabled={!personName.trim() || !passphrase}>{t('settings.team.addButton')}</button>
      </form>
    </>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const settings = useStore(settingsStore, (s) => s);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [stats, setStats] = useState<ArchiveStats | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [backingUp, setBackingUp] = useState(false);
  const [moving, setMoving] = useState(false);
  const host = useHost();
  // the team console keeps only the person's own preferences; the rest is each PC's business
  const desktop = host?.host === 'desktop';
  const loadPeople = () => void call('people.list', {}).then(setPeople).catch(reportError);
  useEffect(() => {
    if (!desktop) return;
    call('app.info', {}).then(setInfo).catch(reportError);
    call('archive.stats', {}).then(setStats).catch(reportError);
    loadPeople();
  }, [desktop]);
  if (!settings) return null;
  const backup = async () => {
    setBackingUp(true);
    try {
      const r = await call('settings.backupNow', {});
      toast('info', 'settings.data.backupDone', { file: r.file, size: formatBytes(r.bytes) });
    } catch (err) {
      reportError(err);
    } finally {
      setBackingUp(false);
    }
  };
  return (
    <section className="settings" aria-label={t('settings.title')} data-testid="settings">
      <header className="toolbar"><h1 className="toolbar-title">{t('settings.title')}</h1></header>
      <div className="settings-scroll">
        <div className="settings-card">
          <h2>{t('settings.general')}</h2>
          <Row label={t('settings.language')}>
            <div className="segmented" role="radiogroup" aria-label={t('settings.language')}>
              {LANGUAGES.map((l) => (
                <button key={l} type="button" role="radio" aria-checked={settings.language === l} className={settings.language === l ? 'is-on' : ''}
                  onClick={() => void changeSettings({ language: l })} data-testid={`lang-${l}`}>
                  {t(`settings.languages.${l}`)}
                </button>
              ))}
            </div>
          </Row>
          <Row label={t('settings.theme')}>
            <div className="segmented" role="radiogroup" aria-label={t('settings.theme')}>
              {THEMES.map((th) => (
                <button key={th} type="button" role="radio" aria-checked={settings.theme === th} className={settings.theme === th ? 'is-on' : ''}
                  onClick={() => void changeSettings({ theme: th })} data-testid={`theme-${th}`}>
                  {t(`settings.themes.${th}`)}
                </button>
              ))}
            </div>
          </Row>
        </div>

        {desktop && (<>
        <div className="settings-card">
          <h2>{t('settings.hibernation.title')}</h2>
          <Row label={t('settings.hibernation.enabled')} hint={t('settings.hibernation.hint')}>
            <Toggle checked={settings.hibernation.enabled} label={t('settings.hibernation.enabled')}
              onChange={(enabled) => void changeSettings({ hibernation: { enabled } })} />
          </Row>
          <Row label={t('settings.hibernation.idle')}>
            <NumberField value={settings.hibernation.idleMinutes} min={5} max={1440} suffix={t('settings.minutes')}
              onCommit={(idleMinutes) => void changeSettings({ hibernation: { idleMinutes } })} />
          </Row>
          <Row label={t('settings.hibernation.sweep')} hint={t('settings.hibernation.sweepHint')}>
            <NumberField value={settings.hibernation.sweepMinutes} min={15} max={1440} suffix={t('settings.minutes')}
              onCommit={(sweepMinutes) => void changeSettings({ hibernation: { sweepMinutes } })} />
          </Row>
        </div>

        <div className="settings-card">
          <h2>{t('settings.media.title')}</h2>
          <Row label={t('settings.media.cap')} hint={t('settings.media.capHint')}>
            <NumberField value={settings.mediaCapMb} min={1} max={2048} suffix="MB" onCommit={(mediaCapMb) => void changeSettings({ mediaCapMb })} />
          </Row>
          <Row label={t('settings.notifications.enabled')}>
            <Toggle checked={settings.notifications.enabled} label={t('settings.notifications.enabled')}
              onChange={(enabled) => void changeSettings({ notifications: { enabled } })} />
          </Row>
          <Row label={t('settings.notifications.preview')} hint={t('settings.notifications.previewHint')}>
            <Toggle checked={settings.notifications.preview} label={t('settings.notifications.preview')}
              onChange={(preview) => void changeSettings({ notifications: { preview } })} />
          </Row>
        </div>

        <TranslationSettings />

        <TeamServerSettings />

        <div className="settings-card">
          <h2>{t('settings.data.title')}</h2>
          <Row label={t('settings.data.folder')} hint={t('settings.data.folderHint')}>
            <code className="path" translate="no" data-testid="data-folder">{info?.dataFolder ?? '…'}</code>
            {info?.canMoveDataFolder && (
              <button type="button" className="button small" onClick={() => setMoving(true)} data-testid="move-data-folder">{t('settings.move.button')}</button>
            )}
          </Row>
          {stats && (
            <Row label={t('settings.data.archive')}>
              <span className="stats">
                {t('settings.data.stats', {
                  messages: formatNumber(stats.messages), chats: formatNumber(stats.chats), size: formatBytes(stats.dbBytes),
                  media: formatBytes(stats.mediaBytes),
                })}
              </span>
            </Row>
          )}
          <Row label={t('settings.data.backup')} hint={t('settings.data.backupHint')}>
            <button type="button" className="button" onClick={() => void backup()} disabled={backingUp} data-testid="backup-now">
              {backingUp ? t('settings.data.backingUp') : t('settings.data.backupNow')}
            </button>
          </Row>
        </div>

        <div className="settings-card">
          <h2>{t('settings.admin.title')}</h2>
          <AdminSection onPeople={loadPeople} />
          {people.length > 0 && (
            <ul className="people">
              {people.map((p) => (
                <li key={p.id}><span className="person-name" translate="no">{p.name}</span><span className="role-tag">{t(`settings.team.${p.role}`)}</span></li>
              ))}
            </ul>
          )}
        </div>
        </>)}
        {host && <p className="version muted">{t('settings.version', { version: host.version })}</p>}
      </div>
      {moving && <MoveDataFolder onClose={() => setMoving(false)} />}
    </section>
  );
}
