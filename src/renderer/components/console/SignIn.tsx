import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signIn } from '../../api/http-bridge';

/** The team console's sign-in page (a browser; the desktop app never shows it). */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await signIn(login.trim(), password);
      if (r.ok) return onSignedIn();
      setError(r.code === 'LOGIN_THROTTLED'
        ? t('console.signIn.throttled', { minutes: Math.max(1, Math.ceil((r.retryAfterS ?? 60) / 60)) })
        : r.code === 'LOGIN_FAILED' ? t('console.signIn.failed') : t('console.signIn.unreachable'));
    } catch {
      setError(t('console.signIn.unreachable'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in" data-testid="sign-in">
      <form className="sign-in-card" onSubmit={(e) => void submit(e)}>
        <h1>{t('console.signIn.title')}</h1>
        <p className="muted">{t('console.signIn.hint')}</p>
        <label>
          <span>{t('console.signIn.login')}</span>
          <input name="login" autoComplete="username" autoFocus required value={login} onChange={(e) => setLogin(e.target.value)}
            data-testid="sign-in-login" />
        </label>
        <label>
          <span>{t('console.signIn.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password}
            onChange={(e) => setPassword(e.target.value)} data-testid="sign-in-password" />
        </label>
        {error && <p className="form-error" role="alert" data-testid="sign-in-error">{error}</p>}
        <button type="submit" className="button primary" disabled={busy || !login.trim() || !password} data-testid="sign-in-submit">
          {busy ? t('console.signIn.busy') : t('console.signIn.submit')}
        </button>
      </form>
    </main>
  );
}
