import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageDetail, Person } from '../../../shared/archive-views';
import { ProxyUrl } from '../../../shared/contract';
import { call, CallError } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { useStore } from '../../lib/store';
import { accountsStore } from '../../state/accounts';
import { reportError } from '../../state/toasts';
import { type Dialog, ui, uiStore } from '../../state/ui';
import { MessageText } from '../inbox/MessageText';
import { Modal } from '../ui/Modal';
import { idUser } from '../../../shared/vocabulary';

const close = () => ui.patch({ dialog: null });

function useSubmit(run: () => Promise<void>): { busy: boolean; error: string | null; submit: (e: FormEvent) => void } {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    submit: (e) => {
      e.preventDefault();
      setBusy(true);
      setError(null);
      run().then(close).catch((err: unknown) => {
        if (err instanceof CallError) setError(t(`errors.${err.code}`, { detail: err.issues.join('; ') || err.message }));
        else reportError(err);
      }).finally(() => setBusy(false));
    },
  };
}

function AddAccount() {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [proxy, setProxy] = useState('');
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    call('people.list', {}).then(setPeople).catch(reportError);
  }, []);
  const proxyOk = !proxy.trim() || ProxyUrl.safeParse(proxy).success;
  const { busy, error, submit } = useSubmit(async () => {
    const { accountId } = await call('accounts.add', {
      label, ownerId: ownerId || null, proxy: proxy.trim() ? proxy.trim() : null,
    });
    ui.patch({ activeAccountId: accountId, screen: 'live' });
  });
  return (
    <Modal title={t('dialogs.add.title')} onClose={close} testId="add-account-dialog">
      <form className="form" onSubmit={submit}>
        <label>
          <span>{t('dialogs.add.label')}</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={64} required placeholder={t('dialogs.add.labelPlaceholder')}
            data-testid="account-label" />
        </label>
        <label>
          <span>{t('dialogs.add.owner')}</span>
          <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">{t('dialogs.add.noOwner')}</option>
            {people.filter((p) => p.active).map((p) => <option key={p.id} value={p.id} translate="no">{p.name}</option>)}
          </select>
        </label>
        <label>
          <span>{t('dialogs.add.proxy')} <small className="muted">{t('common.optional')}</small></span>
          <input value={proxy} onChange={(e) => setProxy(e.target.value)} placeholder="socks5://127.0.0.1:1080" spellCheck={false}
            aria-invalid={!proxyOk} />
          <small className={proxyOk ? 'muted' : 'error-text'}>{proxyOk ? t('dialogs.add.proxyHint') : t('dialogs.add.proxyInvalid')}</small>
        </label>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={close}>{t('common.cancel')}</button>
          <button type="submit" className="button primary" disabled={busy || !label.trim() || !proxyOk}
            data-testid="add-account-submit">
            {t('dialogs.add.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function Rename({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const account = useStore(accountsStore, (s) => s.list.find((a) => a.id === accountId));
  const [label, setLabel] = useState(account?.label ?? '');
  const { busy, error, submit } = useSubmit(() => call('accounts.rename', { accountId, label }));
  return (
    <Modal title={t('dialogs.rename.title')} onClose={close} testId="rename-dialog">
      <form className="form" onSubmit={submit}>
        <label>
          <span>{t('dialogs.add.label')}</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={64} required data-testid="rename-input" />
        </label>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={close}>{t('common.cancel')}</button>
          <button type="submit" className="button primary" disabled={busy || !label.trim()}>{t('common.save')}</button>
        </div>
      </form>
    </Modal>
  );
}

function Remove({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const account = useStore(accountsStore, (s) => s.list.find((a) => a.id === accountId));
  const [typed, setTyped] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const { busy, error, submit } = useSubmit(() => call('accounts.remove', { accountId, passphrase }));
  const label = account?.label ?? accountId;
  return (
    <Modal title={t('dialogs.remove.title')} onClose={close} testId="remove-dialog">
      <form className="form" onSubmit={submit}>
        <p>{t('dialogs.remove.body')}</p>
        <p className="callout">{t('dialogs.remove.archiveKept')}</p>
        <label>
          <span>{t('dialogs.remove.typeLabel')} <strong translate="no">{label}</strong></span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="remove-confirm" />
        </label>
        <label>
          <span>{t('dialogs.passphrase')}</span>
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off"
            data-testid="remove-passphrase" />
          <small className="muted">{t('dialogs.adminOnly')}</small>
        </label>
        {error && <p className="error-text" role="alert" data-testid="remove-error">{error}</p>}
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={close}>{t('common.cancel')}</button>
          <button type="submit" className="button danger" disabled={busy || typed !== label || !passphrase} data-testid="remove-submit">
            {t('dialogs.remove.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function History({ accountId, messageId }: { accountId: string; messageId: string }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<MessageDetail | null>(null);
  useEffect(() => {
    call('archive.message', { accountId, messageId }).then(setDetail).catch(reportError);
  }, [accountId, messageId]);
  const m = detail?.message;
  return (
    <Modal title={t('dialogs.history.title')} onClose={close} width={520} testId="history-dialog">
      {m && (
        <ol className="history">
          <li>
            <div className="history-head">{t('dialogs.history.original')} · <time>{formatDateTime(m.ts)}</time></div>
            <MessageText text={m.body ?? m.caption ?? ''} />
          </li>
          {detail.revisions.map((r) => (
            <li key={r.editedAt}>
              <div className="history-head">{t('dialogs.history.editedAt')} · <time>{formatDateTime(r.editedAt)}</time></div>
              <MessageText text={r.body} />
            </li>
          ))}
          {detail.revocations.map((r) => (
            <li key={r.scope} className="history-revoked">
              <div className="history-head">
                {t(r.scope === 'everyone' ? 'msg.deletedForEveryone' : 'msg.deletedForMe')} · <time>{formatDateTime(r.at)}</time>
              </div>
            </li>
          ))}
          {detail.reactions.length > 0 && (
            <li>
              <div className="history-head">{t('dialogs.history.reactions')}</div>
              <ul className="people compact">
                {detail.reactions.map((r) => (
                  <li key={r.senderId}><span translate="no">{r.emoji} {r.senderName ?? idUser(r.senderId)}</span>
                    <time className="muted small">{formatDateTime(r.at)}</time></li>
                ))}
              </ul>
            </li>
          )}
        </ol>
      )}
    </Modal>
  );
}

function DialogFor({ dialog }: { dialog: Dialog }) {
  switch (dialog.kind) {
    case 'addAccount':
      return <AddAccount />;
    case 'renameAccount':
      return <Rename accountId={dialog.accountId} />;
    case 'removeAccount':
      return <Remove accountId={dialog.accountId} />;
    case 'messageHistory':
      return <History accountId={dialog.accountId} messageId={dialog.messageId} />;
  }
}

export function Dialogs() {
  const dialog = useStore(uiStore, (s) => s.dialog);
  return dialog ? <DialogFor dialog={dialog} /> : null;
}
