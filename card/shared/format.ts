/** Words and numbers as the card shows them. */

/** "3 s ago", "5 min ago", in the user's language; seconds up to a minute, then the largest unit. */
export function relativeTime(iso: string, now: number, language: string): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  const format = new Intl.RelativeTimeFormat(language, { style: 'narrow', numeric: 'always' });
  const ago = Math.max(0, seconds);
  if (ago < 60) return format.format(-ago, 'second');
  if (ago < 3600) return format.format(-Math.floor(ago / 60), 'minute');
  if (ago < 86400) return format.format(-Math.floor(ago / 3600), 'hour');
  return format.format(-Math.floor(ago / 86400), 'day');
}

/** Up to two letters for a marker without a picture: "Alice Smith" → "AS", "phone" → "P". */
export function initials(name: string): string {
  const words = name.trim().split(/[\s_.-]+/).filter(Boolean);
  return words.slice(0, 2).map((w) => w[0]!.toUpperCase()).join('') || '?';
}

/** A floor id as a tab label: "first_floor" → "First floor". */
export function floorLabel(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "± 0.8 m". */
export function metres(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} m`;
}

/** A number with `digits` decimals and a typographic minus: −60.3. `sign` adds "+" to positives. */
export function decimal(value: number, digits: number, sign = false): string {
  const text = Math.abs(value).toFixed(digits);
  // Rounds to zero: no sign, so that "−0.0" never shows.
  if (Number(text) === 0) return text;
  return `${value < 0 ? '−' : sign ? '+' : ''}${text}`;
}
