/** Checking a card's Lovelace options: the messages name the option, what it expected and what it got. */

/** How a wrong value reads in a message: strings quoted, so `"12"` and 12 differ. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Throws `<option> must be <expected>, got <value>`; Lovelace shows it in place of the card. */
export function fail(option: string, expected: string, value: unknown): never {
  throw new Error(`${option} must be ${expected}, got ${shown(value)}`);
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The options with the defaults for those not given (an option set to undefined counts as not given). */
export function fillDefaults<C extends object, D extends object>(config: C, defaults: D): C & D {
  const given = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
  return { ...defaults, ...given } as C & D;
}

/**
 * The configuration after an editor sets one option: removed when left empty (blank text, an empty
 * list or mapping) or set back to its default, so configurations stay minimal; then checked as the
 * card checks it. `problem` is why the card would refuse it (the configuration is then unchanged).
 */
export function changeOption<C extends object>(
  config: C,
  option: string,
  value: unknown,
  defaults: object,
  validate: (config: unknown) => C,
): { config: C; problem: null } | { config: null; problem: string } {
  const next: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  const empty = value === undefined || value === '' || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  const fallback = (defaults as Record<string, unknown>)[option];
  if (empty || (fallback !== undefined && JSON.stringify(value) === JSON.stringify(fallback))) delete next[option];
  else next[option] = value;
  try {
    return { config: validate(next), problem: null };
  } catch (error) {
    return { config: null, problem: (error as Error).message };
  }
}
