import { describe, expect, it } from 'vitest';
import {
  accountOrigins,
  decideAccountNavigation,
  decideAccountWindowOpen,
  decideAppNavigation,
  decideAppWindowOpen,
  isExternalUrlAllowed,
  originOf,
} from '../../../src/main/policy/url-policy';

const SIM = 'http://127.0.0.1:4100/';

describe('account view allow-list', () => {
  const dev = accountOrigins({ waUrl: SIM, packaged: false });
  const packaged = accountOrigins({ waUrl: SIM, packaged: true });

  it('stays on WhatsApp Web; the simulator only when not packaged', () => {
    expect(decideAccountNavigation('https://web.whatsapp.com/', dev)).toEqual({ action: 'allow' });
    expect(decideAccountNavigation('https://web.whatsapp.com/?post_logout=1', packaged)).toEqual({ action: 'allow' });
    expect(decideAccountNavigation('http://127.0.0.1:4100/wa', dev)).toEqual({ action: 'allow' });
    expect(decideAccountNavigation('http://127.0.0.1:4100/wa', packaged).action).toBe('external');
    expect(decideAccountNavigation('http://127.0.0.1:4101/', dev).action).toBe('external');
  });

  it('sends other web links to the system browser, including other whatsapp hosts and look-alikes', () => {
    expect(decideAccountNavigation('https://faq.whatsapp.com/x', dev)).toEqual({ action: 'external', url: 'https://faq.whatsapp.com/x' });
    expect(decideAccountNavigation('https://web.whatsapp.com.evil.example/', dev).action).toBe('external');
    expect(decideAccountNavigation('http://web.whatsapp.com/', dev).action).toBe('external');
    expect(decideAccountNavigation('mailto:sales@example.com', dev).action).toBe('external');
  });

  it('denies dangerous schemes outright', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'ms-msdt:/id', 'smb://host/share', 'not a url']) {
      expect(decideAccountNavigation(url, dev).action).toBe('deny');
      expect(decideAccountWindowOpen(url, dev).action).toBe('deny');
    }
  });

  it('window.open never makes a window: blob documents of WhatsApp are downloaded, links go out', () => {
    expect(decideAccountWindowOpen('blob:https://web.whatsapp.com/5f0c-1', dev)).toEqual({
      action: 'download',
      url: 'blob:https://web.whatsapp.com/5f0c-1',
    });
    expect(decideAccountWindowOpen('blob:https://evil.example/1', dev).action).toBe('deny');
    expect(decideAccountWindowOpen('https://example.com/', dev)).toEqual({ action: 'external', url: 'https://example.com/' });
    expect(decideAccountNavigation('blob:https://web.whatsapp.com/5f0c-1', dev).action).toBe('deny');
  });
});

describe('app renderer', () => {
  it('stays on its own origin, custom scheme included', () => {
    expect(originOf('app://switchboard/index.html#/chats')).toBe('app://switchboard');
    expect(decideAppNavigation('app://switchboard/index.html#/x', 'app://switchboard')).toEqual({ action: 'allow' });
    expect(decideAppNavigation('app://other/index.html', 'app://switchboard').action).toBe('deny');
    expect(decideAppNavigation('http://localhost:5173/', 'http://localhost:5173')).toEqual({ action: 'allow' });
    expect(decideAppNavigation('https://example.com/', 'app://switchboard').action).toBe('external');
    expect(decideAppWindowOpen('https://example.com/a?b=1')).toEqual({ action: 'external', url: 'https://example.com/a?b=1' });
    expect(decideAppWindowOpen('file:///C:/Windows/system32/calc.exe').action).toBe('deny');
    const media = `sb-media://sha256/${'ab'.repeat(32)}`;
    expect(decideAppWindowOpen(media)).toEqual({ action: 'download', url: media });
    expect(decideAppNavigation(media, 'app://switchboard').action).toBe('deny');
  });

  it('the external scheme check accepts http, https and mailto only', () => {
    expect(isExternalUrlAllowed('https://example.com')).toBe(true);
    expect(isExternalUrlAllowed('http://example.com')).toBe(true);
    expect(isExternalUrlAllowed('mailto:a@b.c')).toBe(true);
    expect(isExternalUrlAllowed('mailto:')).toBe(false);
    expect(isExternalUrlAllowed('ftp://example.com')).toBe(false);
    expect(isExternalUrlAllowed('tel:+123')).toBe(false);
    expect(isExternalUrlAllowed('whatsapp://send?phone=1')).toBe(false);
  });
});
