import { Icon } from './icons';

const HUES = [211, 262, 330, 12, 35, 145, 174, 195, 290, 98];

export function hueOf(seed: string): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) | 0;
  return HUES[Math.abs(h) % HUES.length]!;
}

/** First letter (or first Han character) of each of up to two words; symbols are skipped. */
export function initials(name: string): string {
  const firstLetter = (w: string) => Array.from(w).find((c) => /[\p{L}\p{N}]/u.test(c)) ?? '';
  const letters = name.trim().split(/\s+/).map(firstLetter).filter(Boolean);
  const first = letters[0];
  if (!first) return '?';
  if (/\p{Script=Han}/u.test(first)) return first;
  return (first + (letters[1] ?? '')).toUpperCase();
}

export function Avatar({ name, seed, size = 36, group = false }: { name: string; seed: string; size?: number; group?: boolean }) {
  const hue = hueOf(seed);
  return (
    <span className="avatar" translate="no" style={{ width: size, height: size, fontSize: size * 0.4, ['--hue' as string]: hue }}>
      {group ? <Icon name="users" size={size * 0.5} /> : initials(name)}
    </span>
  );
}
