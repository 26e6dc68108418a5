import { describe, expect, it } from 'vitest';
import type { NotificationItem } from '../../../src/shared/account-views';
import {
  chatIdFromTag,
  decideCapturedNotification,
  decideFollowUpNotification,
  decidePageNotification,
  dndFor,
  isDndActive,
  MEDIA_BODY,
  PageNotificationIndex,
  PRIVATE_BODY,
  FOLLOW_UP_TITLE,
  type NotifyContext,
} from '../../../src/main/policy/notifications';
import type { FollowUp } from '../../../src/shared/crm-views';

const ctx = (over: Partial<NotifyContext> = {}): NotifyContext => ({
  dnd: { enabled: false, until: null },
  enabled: true,
  now: 1_000,
  accountOnScreen: false,
  privacy: false,
  ...over,
});
const page = { id: 4, title: 'Maria', body: 'Hola, ¿el precio FOB?', tag: 'true_5215512345678@c.us_3EB0A1', silent: false };
const account = { accountId: 'acc-1', label: '销售一号', captureLive: false };
const item: NotificationItem = {
  id: 'n1',
  accountId: 'acc-1',
  accountLabel: '销售一号',
  chatId: '5215512345678@c.us',
  chatName: 'Maria García',
  messageId: 'false_5215512345678@c.us_3EB0A1',
  senderName: 'Maria',
  preview: '¿el precio FOB?',
  ts: 900,
  read: false,
};

describe('notifications from live capture', () => {
  it('say which account and chat, and route a click to that message', () => {
    expect(decideCapturedNotification(item, ctx())).toEqual({
      show: true,
      title: '销售一号 · Maria García',
      body: '¿el precio FOB?',
      silent: false,
      target: { accountId: 'acc-1', chatId: '5215512345678@c.us', messageId: 'false_5215512345678@c.us_3EB0A1' },
    });
  });

  it('media without caption and privacy mode hide text', () => {
    const media = decideCapturedNotification({ ...item, preview: null }, ctx());
    expect(media.show && media.body).toBe(MEDIA_BODY);
    const hidden = decideCapturedNotification(item, ctx({ privacy: true }));
    expect(hidden.show && hidden.body).toBe(PRIVATE_BODY);
  });

  it('do-not-disturb, disabled notifications and an on-screen account stay quiet', () => {
    expect(decideCapturedNotification(item, ctx({ dnd: { enabled: true, until: null } }))).toEqual({ show: false, reason: 'dnd' });
    expect(decideCapturedNotification(item, ctx({ dnd: { enabled: true, until: 2_000 } })).show).toBe(false);
    expect(decideCapturedNotification(item, ctx({ dnd: { enabled: true, until: 500 } })).show).toBe(true);
    expect(decideCapturedNotification(item, ctx({ enabled: false }))).toEqual({ show: false, reason: 'disabled' });
    expect(decideCapturedNotification(item, ctx({ accountOnScreen: true }))).toEqual({ show: false, reason: 'on-screen' });
    expect(isDndActive({ enabled: false, until: 5_000 }, 1)).toBe(false);
  });
});

describe('notifications from WhatsApp Web', () => {
  it('are shown when capture is not attached, routed by the chat id in the tag', () => {
    expect(decidePageNotification(page, account, ctx())).toEqual({
      show: true,
      title: '销售一号 · Maria',
      body: 'Hola, ¿el precio FOB?',
      silent: false,
      target: { accountId: 'acc-1', chatId: '5215512345678@c.us', messageId: null },
    });
  });

  it('are not shown while capture is attached (capture announces the same message)', () => {
    expect(decidePageNotification(page, { ...account, captureLive: true }, ctx())).toEqual({ show: false, reason: 'captured' });
  });

  it('respect DND and privacy; long text is clipped', () => {
    expect(decidePageNotification(page, account, ctx({ dnd: { enabled: true, until: null } })).show).toBe(false);
    const p = decidePageNotification(page, account, ctx({ privacy: true }));
    expect(p.show && p.body).toBe(PRIVATE_BODY);
    const long = decidePageNotification({ ...page, body: '长'.repeat(1000) }, account, ctx());
    expect(long.show && Array.from(long.body).length).toBe(240);
  });

  it('chat ids: users, groups, lid, s.whatsapp.net; null when absent', () => {
    expect(chatIdFromTag('120363025246125888@g.us')).toBe('120363025246125888@g.us');
    expect(chatIdFromTag('x 8613800138000@s.whatsapp.net y')).toBe('8613800138000@c.us');
    expect(chatIdFromTag('123456789012345@lid')).toBe('123456789012345@lid');
    expect(chatIdFromTag('5215512345678@c.usx')).toBeNull();
    expect(chatIdFromTag('random')).toBeNull();
    expect(chatIdFromTag(null)).toBeNull();
  });

  it('the index finds WhatsApp’s newest notification for a chat, per account, and forgets a destroyed view', () => {
    const idx = new PageNotificationIndex(2);
    idx.remember('acc-1', page);
    idx.remember('acc-1', { ...page, id: 5 });
    idx.remember('acc-2', { ...page, id: 6 });
    idx.remember('acc-2', { ...page, id: 7, tag: null });
    expect(idx.latest('acc-1', '5215512345678@c.us')).toBe(5);
    expect(idx.latest('acc-2', '5215512345678@c.us')).toBe(6);
    idx.forgetAccount('acc-1');
    expect(idx.latest('acc-1', '5215512345678@c.us')).toBeNull();
    expect(idx.latest('acc-2', '5215512345678@c.us')).toBe(6);
  });
});

describe('do-not-disturb choices', () => {
  it('off, on, one hour, until tomorrow 08:00 local', () => {
    const now = new Date(2025, 4, 10, 21, 30).getTime();
    expect(dndFor('off', now)).toEqual({ enabled: false, until: null });
    expect(dndFor('on', now)).toEqual({ enabled: true, until: null });
    expect(dndFor('1h', now)).toEqual({ enabled: true, until: now + 3600_000 });
    expect(dndFor('tomorrow', now)).toEqual({ enabled: true, until: new Date(2025, 4, 11, 8, 0).getTime() });
    expect(isDndActive(dndFor('1h', now), now + 3599_999)).toBe(true);
    expect(isDndActive(dndFor('1h', now), now + 3600_000)).toBe(false);
  });
});

describe('follow-up reminders', () => {
  const followUp = (over: Partial<FollowUp> = {}): FollowUp => ({
    followUpId: 'f1', customerId: 'c1', text: '寄样品给 Maria', dueAt: 900, assigneeId: 'rep-1', assigneeName: '王芳',
    done: false, doneAt: null, createdAt: 100, ...over,
  });

  it('show the reminder text for one, a count for several, and the count only in privacy mode', () => {
    expect(decideFollowUpNotification([followUp()], ctx())).toEqual({ show: true, title: FOLLOW_UP_TITLE, body: '寄样品给 Maria', customerId: 'c1' });
    expect(decideFollowUpNotification([followUp(), followUp({ followUpId: 'f2' })], ctx()))
      .toEqual({ show: true, title: FOLLOW_UP_TITLE, body: '2 个跟进到期 · 2 follow-ups due', customerId: 'c1' });
    expect(decideFollowUpNotification([followUp()], ctx({ privacy: true })))
      .toEqual({ show: true, title: FOLLOW_UP_TITLE, body: '1 个跟进到期 · 1 follow-up due', customerId: 'c1' });
  });

  it('open the customer on click when all are about one customer, the list otherwise', () => {
    const two = decideFollowUpNotification([followUp(), followUp({ followUpId: 'f2', customerId: 'c2' })], ctx());
    expect(two).toMatchObject({ show: true, customerId: null });
    // a done reminder of another customer does not count
    const oneOpen = decideFollowUpNotification([followUp(), followUp({ followUpId: 'f2', customerId: 'c2', done: true })], ctx());
    expect(oneOpen).toMatchObject({ show: true, customerId: 'c1' });
  });

  it('stay quiet when notifications are off, during do-not-disturb, or when nothing open is due', () => {
    expect(decideFollowUpNotification([followUp()], ctx({ enabled: false }))).toEqual({ show: false, reason: 'disabled' });
    expect(decideFollowUpNotification([followUp()], ctx({ dnd: { enabled: true, until: null } }))).toEqual({ show: false, reason: 'dnd' });
    expect(decideFollowUpNotification([followUp({ done: true })], ctx())).toEqual({ show: false, reason: 'none' });
    // a reminder is the rep's own to-do: an account on screen does not hide it
    expect(decideFollowUpNotification([followUp()], ctx({ accountOnScreen: true })).show).toBe(true);
  });
});
