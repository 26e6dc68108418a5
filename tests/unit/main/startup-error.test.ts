import { describe, expect, it } from 'vitest';
import { keyFailure } from '../../../src/main/policy/archive-key';
import { startupErrorHtml } from '../../../src/main/policy/startup-error-page';

describe('startup error screen', () => {
  it('shows both languages and the code, and escapes everything it displays', () => {
    const f = keyFailure('KEY_FILE_INVALID', { detail: '<img src=x onerror=alert(1)>' });
    const html = startupErrorHtml({ ...f, detail: '/home/<user>/x' });
    expect(html).toContain('KEY_FILE_INVALID');
    expect(html).toContain('密钥文件已损坏');
    expect(html).toContain('The key file is damaged');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img');
    expect(html).toContain('/home/&#60;user&#62;/x');
    expect(html).toContain("default-src 'none'");
  });
});
