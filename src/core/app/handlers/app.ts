import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { supervisorSettings } from '../../accounts/settings-policy';
import { DESKTOP_CHANNEL_NAMES } from '../../../shared/contract';
import { normalizeLayout } from '../../../shared/layout';
import { applySettingsPatch } from '../../../shared/settings';
import { copyProfile, checkCopyTarget } from '../../archive/profile-copy';
import { AppError, toErrorData } from '../app-error';
import { hashPassphrase, verifyPassphrase } from '../admin-passphrase';
import { authorizeAdmin, type CoreContext, type HandlerMap } from '../context';

type AppHandlers = Pick<HandlerMap,
  | 'people.list' | 'people.save' | 'admin.status' | 'admin.setPassphrase'
  | 'layout.get' | 'layout.set' | 'layout.reportSlots'
  | 'notifications.list' | 'notifications.markRead' | 'notifications.open'
  | 'settings.get' | 'settings.set' | 'settings.backupNow' | 'settings.moveDataFolder' | 'app.info' | 'app.pickPath'>;

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[:.]/g, '-');

export function appHandlers(ctx: CoreContext): AppHandlers {
  const notificationsChanged = () => ctx.events.emit('notifications.changed', { unread: ctx.notifications.unread() });
  return {
    'people.list': () => ctx.archive.query('people'),
    'people.save': async ({ personId, name, role, active, passphrase }) => {
      const id = personId ?? `person-${ctx.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      await authorizeAdmin(ctx, passphrase, personId ? 'person.update' : 'person.add', id, { name, role });
      await ctx.archive.write([{ op: 'upsertPerson', personId: id, name, role, active: active ?? true }]);
      ctx.events.emit('accounts.changed', { accountId: null });
      return { personId: id };
    },
    'admin.status': () => ({ passphraseSet: ctx.store.passphrase !== null }),
    'admin.setPassphrase': async ({ current, next }) => {
      const stored = ctx.store.passphrase;
      if (stored) {
        if (current === null || !(await verifyPassphrase(current, stored))) {
          throw new AppError('ADMIN_PASSPHRASE_WRONG', 'The current admin passphrase is wrong. Nothing was changed.');
        }
      }
      await ctx.store.savePassphrase(await hashPassphrase(next), { actor: 'admin', action: stored ? 'admin.changePassphrase' : 'admin.setPassphrase' });
    },

    'layout.get': () => ({ layout: ctx.store.layout, slots: ctx.slots }),
    'layout.set': async (layout) => {
      const next = normalizeLayout(layout);
      await ctx.store.saveLayout(next);
      ctx.events.emit('layout.changed', { layout: next, slots: ctx.slots });
      return next;
    },
    'layout.reportSlots': ({ slots }) => {
      const seen = new Set<string>();
      for (const s of slots) {
        if (seen.has(s.accountId)) throw new AppError('INVALID_INPUT', `Account ${s.accountId} is in two slots.`);
        seen.add(s.accountId);
      }
      ctx.slots = slots;
      ctx.events.emit('layout.changed', { layout: ctx.store.layout, slots });
    },

    'notifications.list': ({ limit }) => ctx.notifications.list(limit),
    'notifications.markRead': ({ ids }) => {
      if (ctx.notifications.markRead(ids)) notificationsChanged();
    },
    'notifications.open': ({ id }) => {
      const target = ctx.notifications.open(id);
      notificationsChanged();
      return target;
    },

    'settings.get': () => ctx.store.settings,
    'settings.set': async (patch) => {
      const next = applySettingsPatch(ctx.store.settings, patch);
      await ctx.store.saveSettings(next);
      ctx.supervisor?.configure(supervisorSettings(next));
      ctx.events.emit('settings.changed', next);
      return next;
    },
    'settings.backupNow': async () => {
      const dir = path.join(ctx.paths.dir, 'backups');
      await mkdir(dir, { recursive: true });
      const { target } = await ctx.archive.backup(path.join(dir, `archive-${stamp(ctx.now())}.db`));
      return { file: target, bytes: (await stat(target)).size };
    },
    'app.pickPath': async ({ purpose }) => {
      if (!ctx.pickPath) throw new AppError('UNSUPPORTED', 'This window cannot show a file dialog; type or paste the path.');
      return { path: await ctx.pickPath(purpose) };
    },
    'settings.moveDataFolder': async ({ target }) => {
      const relocate = ctx.relocateProfile;
      if (!relocate) throw new AppError('UNSUPPORTED', 'This window cannot move its data folder.');
      const dest = await checkCopyTarget(ctx.paths, target); // before capture pauses: a bad target changes nothing
      // Capture pauses for good: the app restarts from the copy, which must hold everything captured.
      await ctx.supervisor?.close();
      try {
        // recorded first, so the copy carries its own history
        await ctx.archive.write([{ op: 'audit', actor: 'admin', action: 'dataFolder.move', target: dest, detail: { from: ctx.paths.dir } }]);
        const r = await copyProfile({ archive: ctx.archive, from: ctx.paths, target: dest, keys: ctx.keys,
          onProgress: (p) => ctx.events.emit('settings.moveProgress', p) });
        await relocate(dest);
        return { dataFolder: dest, messages: r.messages, mediaFiles: r.mediaFiles };
      } catch (err) {
        const e = toErrorData(err);
        throw new AppError(e.code, `${e.message} Capture is paused: restart Switchboard to resume it from the current data folder.`);
      }
    },
    'app.info': () => ({
      canPickPaths: ctx.pickPath !== null,
      canMoveDataFolder: ctx.relocateProfile !== null,
      version: ctx.version,
      dataFolder: ctx.paths.dir,
      archiveFile: ctx.paths.db,
      liveAccounts: ctx.supervisor !== null,
      host: 'desktop',
      channels: DESKTOP_CHANNEL_NAMES,
      user: null,
    }),
  };
}
