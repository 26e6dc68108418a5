import { describe, expect, it } from 'vitest';
import { cleanUserAgent, rewriteUserAgentHeader } from '../../../src/main/policy/user-agent';

const ELECTRON_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) switchboard/0.1.0 Chrome/142.0.7444.59 Electron/45.4.1 Safari/537.36';
const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

describe('user agent cleaning', () => {
  it('turns Electron’s UA into a plain Chrome UA', () => {
    expect(cleanUserAgent(ELECTRON_UA, ['switchboard', 'Switchboard'])).toBe(CHROME_UA);
  });

  it('strips a product name with spaces and regex characters', () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) SwitchBoard+Pro/2.0 Chrome/142.0.1.2 Electron/45.0.0 Safari/537.36';
    expect(cleanUserAgent(ua, ['Switch Board+Pro'])).toBe(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
    );
  });

  it('leaves a clean UA unchanged and does not remove tokens that merely contain the name', () => {
    expect(cleanUserAgent(CHROME_UA, ['switchboard'])).toBe(CHROME_UA);
    expect(cleanUserAgent(`${CHROME_UA} notswitchboard/1`, ['switchboard'])).toBe(`${CHROME_UA} notswitchboard/1`);
  });

  it('rewrites the User-Agent request header in any case, and reports no change when clean', () => {
    const out = rewriteUserAgentHeader({ 'user-agent': ELECTRON_UA, Accept: '*/*' }, CHROME_UA);
    expect(out).toEqual({ 'user-agent': CHROME_UA, Accept: '*/*' });
    expect(rewriteUserAgentHeader({ 'User-Agent': CHROME_UA }, CHROME_UA)).toBeNull();
    expect(rewriteUserAgentHeader({ Accept: '*/*' }, CHROME_UA)).toBeNull();
  });
});
