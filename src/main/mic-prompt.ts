import { dialog, type BrowserWindow } from 'electron';
import { DEFAULT_MIC_GRANT_MS, type MicGrants } from './policy/permissions';

const T = {
  'zh-CN': {
    title: '麦克风',
    message: '账号「{label}」想使用麦克风（录制语音消息）。允许 {min} 分钟吗？',
    allow: '允许',
    deny: '拒绝',
  },
  en: {
    title: 'Microphone',
    message: 'Account "{label}" wants to use the microphone (to record a voice note). Allow it for {min} minutes?',
    allow: 'Allow',
    deny: 'Deny',
  },
} as const;

/**
 * The explicit grant behind "microphone only while recording a voice note": the user
 * answers for one account, and a yes opens a short grant window (policy/permissions.ts).
 * Only one question per account at a time.
 */
export function microphonePrompt(deps: {
  mic: MicGrants;
  window: () => BrowserWindow | null;
  label: (accountId: string) => string;
  language: () => 'zh-CN' | 'en';
}): (accountId: string) => Promise<boolean> {
  const asking = new Map<string, Promise<boolean>>();
  return (accountId) => {
    const pending = asking.get(accountId);
    if (pending) return pending;
    const t = T[deps.language()];
    const box = {
      type: 'question' as const,
      title: t.title,
      message: t.message.replace('{label}', deps.label(accountId)).replace('{min}', String(DEFAULT_MIC_GRANT_MS / 60_000)),
      buttons: [t.allow, t.deny],
      defaultId: 1,
      cancelId: 1,
    };
    const win = deps.window();
    const p = (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box))
      .then((r) => {
        if (r.response !== 0) return false;
        deps.mic.open(accountId, Date.now());
        return true;
      })
      .finally(() => asking.delete(accountId));
    asking.set(accountId, p);
    return p;
  };
}
