/** The startup error screen's page: no script, a strict CSP, everything shown escaped. */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function startupErrorHtml(e: { code: string; zh: string; en: string; detail?: string | null }): string {
  const detail = e.detail ? `<pre>${escape(e.detail)}</pre>` : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Switchboard</title><style>
body{font:15px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;margin:40px;color:#1b1f23;background:#f5f6f7}
h1{font-size:20px;margin:0 0 16px}p{max-width:640px}.en{color:#57606a}code,pre{font-size:12px;background:#eaeef2;padding:2px 4px}
pre{padding:8px;white-space:pre-wrap}</style></head><body>
<h1>Switchboard 无法打开存档 · cannot open the archive</h1>
<p>${escape(e.zh)}</p><p class="en">${escape(e.en)}</p>
<p class="en">错误代码 · Error code: <code>${escape(e.code)}</code></p>${detail}</body></html>`;
}
