/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';

/**
 * Every visible UI string, excluding user content (marked translate="no": names, message
 * text, account labels) and form values.
 */
function uiTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = new Set<string>();
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('[translate="no"], script, style, kbd, time, code') || !visible(el)) continue;
      out.add(text);
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (el.closest('[translate="no"]') || !visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v) out.add(v);
      }
    }
    return [...out];
  });
}

const HAN = /\p{Script=Han}/u;
/** Words that are the same in both languages (brand names, keys, units, examples). */
const NEUTRAL = new Set(['WhatsApp', 'Switchboard', 'Ctrl', 'English', 'socks']);
const latinWords = (s: string) => (s.replace(/\w+:\/\/\S+/g, '').match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !NEUTRAL.has(w));

async function visitScreens(page: Page): Promise<string[]> {
  const seen = new Set<string>();
  const grab = async () => (await uiTexts(page)).forEach((t) => seen.add(t));
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('chat-item').filter({ hasText: 'Distribuidores' }).click();
  if ((await page.getByTestId('toggle-details').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('toggle-details').click();
  await expect(page.getByTestId('member-activity')).toBeVisible();
  await grab();
  await page.getByTestId('chat-item').filter({ hasText: 'María García' }).click();
  await expect(page.getByTestId('edited-flag')).toBeVisible();
  await grab();
  await page.getByTestId('nav-live').click();
  await page.getByTestId('mode-2x2').click();
  await expect(page.getByTestId('tile')).toHaveCount(4);
  await grab();
  await page.getByTestId('choose-accounts').click();
  await grab();
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-notifications').click();
  await expect(page.getByTestId('notifications-panel')).toBeVisible();
  await grab();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill('precio');
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  await grab();
  await page.keyboard.press('Escape');
  await page.getByTestId('add-account').click();
  await grab();
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('data-folder')).not.toHaveText('…');
  await grab();
  return [...seen];
}

test('zh-CN by default; switching to English changes every visible string (and back)', async ({ app }) => {
  const { page } = app;
  await app.open();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const zh = await visitScreens(page);
  expect(zh.length).toBeGreaterThan(80);
  const zhLeaks = zh.filter((t) => latinWords(t).length > 0 && !/^[\d\s×%:.,·()+-]+$/.test(t));
  expect(zhLeaks, 'English words on a Chinese screen').toEqual([]);

  await page.getByTestId('lang-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const en = await visitScreens(page);
  const enLeaks = en.filter((t) => HAN.test(t) && t !== '简体中文');
  expect(enLeaks, 'Chinese strings on an English screen').toEqual([]);
  // the same screens, and no string survived the switch unless it is language-neutral
  const unchanged = zh.filter((t) => en.includes(t) && HAN.test(t) && t !== '简体中文');
  expect(unchanged).toEqual([]);
  expect((await app.core.call('settings.get', {})).language).toBe('en');

  await page.getByTestId('lang-zh-CN').click();
  await expect(page.getByTestId('nav-settings')).toContainText('设置');
  // missing keys would have logged console errors, which fail the test (fixture)
});
