import type { Page } from 'puppeteer-core';
import type { PageContact } from './normalize';
import { ID_SUFFIX } from '../../shared/vocabulary';

/**
 * Reads capture makes in the page beyond whatsapp-web.js's public API. Only one: the
 * contact list with both ids. `client.getContacts()` replaces a @lid id by the phone
 * number and drops the @lid, and `getContactLidAndPhone()` asks WhatsApp's servers about
 * unknown numbers (a number check, which we never do). This read uses whatsapp-web.js's
 * own serializer (WWebJS.getContactModel) and the same local lookup module it uses
 * (WAWebApiContact), and sends nothing anywhere.
 */
export async function readContacts(page: Page): Promise<PageContact[]> {
  const rows = await page.evaluate(`(() => {
    const ids = (w) => (w && typeof w === 'object' ? w._serialized : typeof w === 'string' ? w : null);
    const api = window.require('WAWebApiContact') || {};
    const getters = window.require('WAWebContactGetters');
    return window.require('WAWebCollections').Contact.getModelsArray()
      .filter((c) => getters.getIsUser(c) && !getters.getIsGroup(c))
      .map((c) => {
        const model = window.WWebJS.getContactModel(c);
        const own = ids(c.id);
        const lid = own && own.endsWith('${ID_SUFFIX.lid}') ? own : ids(api.getCurrentLid ? api.getCurrentLid(c.id) : null);
        const pn = own && own.endsWith('${ID_SUFFIX.phone}') ? own : ids(c.phoneNumber) || ids(api.getPhoneNumber ? api.getPhoneNumber(c.id) : null);
        return {
          id: own, pn: pn || null, lid: lid || null,
          name: typeof model.name === 'string' ? model.name : null,
          pushname: typeof model.pushname === 'string' ? model.pushname : null,
          isBusiness: !!model.isBusiness, isMyContact: !!model.isMyContact, isMe: !!model.isMe,
        };
      });
  })()`);
  return Array.isArray(rows) ? (rows as PageContact[]).filter((r) => typeof r?.id === 'string') : [];
}

/**
 * The account's own ids. whatsapp-web.js's `client.info.wid` is the phone-number id (or
 * the @lid when there is none); groups that address people by @lid use the other one.
 */
export async function readMe(page: Page): Promise<{ pn: string | null; lid: string | null }> {
  const me = (await page.evaluate(`(() => {
    const m = window.require('WAWebUserPrefsMeUser');
    const ids = (w) => (w && typeof w === 'object' ? w._serialized : null);
    return { pn: ids(m.getMaybeMePnUser && m.getMaybeMePnUser()), lid: ids(m.getMaybeMeLidUser && m.getMaybeMeLidUser()) };
  })()`)) as { pn?: unknown; lid?: unknown } | null;
  const s = (v: unknown) => (typeof v === 'string' && v.length <= 512 ? v : null);
  return { pn: s(me?.pn), lid: s(me?.lid) };
}
