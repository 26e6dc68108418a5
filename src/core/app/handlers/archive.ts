import type { UnreadEvent } from '../../../shared/account-views';
import type { CoreContext, HandlerMap } from '../context';

type ArchiveHandlers = Pick<HandlerMap,
  | 'archive.chatList' | 'archive.threadSlice' | 'archive.message' | 'archive.chatDetail'
  | 'archive.contactDetail' | 'archive.markSeen' | 'archive.unread' | 'archive.stats' | 'search.query'>;

export async function unreadOf(ctx: CoreContext, accountId: string, chatId: string): Promise<UnreadEvent> {
  const [chatUnread, account] = await Promise.all([
    ctx.archive.query('chatUnread', { accountId, chatId }),
    ctx.archive.query('unreadByAccount', { accountId }),
  ]);
  return { accountId, chatId, chatUnread, accountUnread: account[0]?.unread ?? 0 };
}

export function archiveHandlers(ctx: CoreContext): ArchiveHandlers {
  return {
    'archive.chatList': (args) => ctx.archive.query('chatList', args),
    'archive.threadSlice': (args) => ctx.archive.query('threadSlice', args),
    'archive.message': (args) => ctx.archive.query('messageDetail', args),
    'archive.chatDetail': (args) => ctx.archive.query('chatDetail', args),
    'archive.contactDetail': (args) => ctx.archive.query('contactDetail', args),
    'archive.markSeen': async ({ accountId, chatId, upTo }) => {
      await ctx.archive.write([{ op: 'markSeen', accountId, chatId, upTo }]);
      const unread = await unreadOf(ctx, accountId, chatId);
      ctx.events.emit('unread.changed', unread);
      if (ctx.notifications.markChatRead(accountId, chatId, upTo)) {
        ctx.events.emit('notifications.changed', { unread: ctx.notifications.unread() });
      }
      return unread;
    },
    'archive.unread': () => ctx.archive.query('unreadByAccount'),
    'archive.stats': () => ctx.archive.query('stats'),
    'search.query': (args) => ctx.archive.query('search', args),
  };
}
