import { find } from 'linkifyjs';
import { type ReactNode, memo } from 'react';

const SAFE_SCHEMES = /^(https?:|mailto:)/i;

interface Link {
  start: number;
  end: number;
  href: string;
}

/** Links in the text, by offsets, only for schemes that are safe to open. */
export function findLinks(text: string): Link[] {
  return find(text)
    .filter((l) => l.isLink && SAFE_SCHEMES.test(l.href))
    .map((l) => ({ start: l.start, end: l.end, href: l.href }));
}

/** Splits [from, to) of the text at highlight ranges into plain and <mark> pieces. */
function highlighted(text: string, from: number, to: number, ranges: ReadonlyArray<readonly [number, number]>, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  let at = from;
  for (const [a, b] of ranges) {
    const s = Math.max(a, at);
    const e = Math.min(b, to);
    if (e <= s) continue;
    if (s > at) out.push(text.slice(at, s));
    out.push(<mark key={`${key}-${s}`}>{text.slice(s, e)}</mark>);
    at = e;
  }
  if (at < to) out.push(text.slice(at, to));
  return out;
}

/**
 * Message text as text: React escapes every character, links become anchors that main
 * opens in the system browser, search hits are marked. Never HTML.
 */
export const MessageText = memo(function MessageText({ text, ranges = [], className = 'msg-text' }: {
  text: string;
  ranges?: ReadonlyArray<readonly [number, number]>;
  className?: string;
}) {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const link of findLinks(text)) {
    if (link.start > at) parts.push(...highlighted(text, at, link.start, sorted, `t${at}`));
    parts.push(
      <a key={`l${link.start}`} href={link.href} target="_blank" rel="noopener noreferrer nofollow">
        {highlighted(text, link.start, link.end, sorted, `l${link.start}`)}
      </a>,
    );
    at = link.end;
  }
  if (at < text.length) parts.push(...highlighted(text, at, text.length, sorted, `t${at}`));
  return <span className={className} translate="no" dir="auto">{parts}</span>;
});
