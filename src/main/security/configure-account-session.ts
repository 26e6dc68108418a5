import { existsSync } from 'node:fs';
import type { Session } from 'electron';
import { downloadTarget } from '../policy/downloads';
import { decidePermissionCheck, decidePermissionRequest, type MicGrants } from '../policy/permissions';
import { sessionProxyConfig, type ParsedProxy } from '../policy/proxy';
import { originOf } from '../policy/url-policy';
import { cleanUserAgent, rewriteUserAgentHeader } from '../policy/user-agent';

export interface AccountSessionDeps {
  accountId: string;
  accountOrigins: ReadonlySet<string>;
  mic: MicGrants;
  /** Ask the user whether this account may use the microphone now (opens a grant window). */
  askMicrophone: (accountId: string) => Promise<boolean>;
  appNames: readonly string[];
  downloadFolder: () => string;
  onDownloaded: (accountId: string, file: string, state: 'completed' | 'cancelled' | 'interrupted') => void;
  log: (msg: string) => void;
}

/**
 * Applies every per-account setting to the Session that partitionFor() named (ARCHITECTURE
 * §2, §8): a plain Chrome UA on the session and on request headers, the permission
 * policy, spellcheck, downloads to the chosen folder, and the account's proxy.
 * Called once per session; a session outlives its views (hibernation keeps it).
 */
export function configureAccountSession(ses: Session, deps: AccountSessionDeps): void {
  const ua = cleanUserAgent(ses.getUserAgent(), deps.appNames);
  ses.setUserAgent(ua);
  ses.webRequest.onBeforeSendHeaders((details, callback) => {
    const headers = rewriteUserAgentHeader(details.requestHeaders, ua);
    callback(headers ? { requestHeaders: headers } : {});
  });

  const surface = { kind: 'account', accountId: deps.accountId } as const;
  const ctx = () => ({ accountOrigins: deps.accountOrigins, mic: deps.mic, now: Date.now() });
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const decision = decidePermissionRequest(
      { surface, permission, origin: originOf(details.requestingUrl), isMainFrame: details.isMainFrame, ...(mediaTypes ? { mediaTypes } : {}) },
      ctx(),
    );
    if (decision !== 'ask') {
      callback(decision === 'grant');
      return;
    }
    deps.askMicrophone(deps.accountId).then(
      (yes) => callback(yes && deps.mic.isOpen(deps.accountId, Date.now())),
      () => callback(false),
    );
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    decidePermissionCheck(
      {
        surface,
        permission,
        origin: originOf(requestingOrigin) ?? (details.requestingUrl ? originOf(details.requestingUrl) : null),
        isMainFrame: details.isMainFrame,
        ...(details.mediaType ? { mediaTypes: [details.mediaType] } : {}),
      },
      ctx(),
    ),
  );
  ses.setDevicePermissionHandler(() => false);
  // Screen sharing is never offered: null denies the request.
  ses.setDisplayMediaRequestHandler((_req, callback) => callback(null));

  ses.setSpellCheckerEnabled(true);

  ses.on('will-download', (_event, item) => {
    const file = downloadTarget(deps.downloadFolder(), item.getFilename(), existsSync);
    item.setSavePath(file);
    item.once('done', (_e, state) => deps.onDownloaded(deps.accountId, file, state));
  });
}

/** Applies (or changes) the account's proxy; existing connections are dropped so none bypasses it. */
export async function applyAccountProxy(ses: Session, proxy: ParsedProxy | null): Promise<void> {
  await ses.setProxy(sessionProxyConfig(proxy));
  await ses.closeAllConnections();
}
