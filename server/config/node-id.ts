/**
 * Scanner ids arrive in several spellings (Bermuda uses colon MACs, ESPHome proxies hyphen MACs,
 * users type either case), so config keys and reading sources are compared after normalising.
 */

// Six hex pairs with one consistent separator (`:` or `-`), or twelve bare hex digits.
const MAC = /^[0-9a-f]{2}(?:([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}|[0-9a-f]{10})$/i;

/** True when `key` (ignoring surrounding blanks) is a MAC address in any accepted spelling. */
export function isMac(key: string): boolean {
  return MAC.test(key.trim());
}

/** A MAC → lower-case colon form `aa:bb:cc:dd:ee:ff`; anything else → the trimmed string. */
export function normaliseNodeId(id: string): string {
  const trimmed = id.trim();
  if (!MAC.test(trimmed)) return trimmed;
  const hex = trimmed.replace(/[:-]/g, '').toLowerCase();
  let out = hex.slice(0, 2);
  for (let i = 2; i < 12; i += 2) out += ':' + hex.slice(i, i + 2);
  return out;
}
