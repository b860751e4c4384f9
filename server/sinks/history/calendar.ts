/**
 * Days in an IANA time zone (Home Assistant's `time_zone`), without a date library: local midnight
 * as seconds since the epoch, found from the zone's offset as Intl reports it, so days across a
 * daylight-saving change are 23 or 25 hours long.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The time zone to use: `wanted` when Intl knows it, else the process's own. */
export function knownTimeZone(wanted: string | null | undefined): string {
  if (wanted) {
    try {
      format(wanted);
      return wanted;
    } catch {
      // Not an IANA name Intl knows: fall through.
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** Milliseconds of the local wall clock, read as if it were UTC. */
  wallMs: number;
}

function local(t: number, timeZone: string): LocalTime {
  const ms = Math.floor(t) * 1000;
  const p: Record<string, number> = {};
  for (const part of format(timeZone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const { year, month, day, hour, minute, second } = p as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return { year, month, day, wallMs: Date.UTC(year, month - 1, day, hour, minute, second) };
}

/**
 * The first instant of a calendar date (day may overflow the month, as in Date.UTC): local
 * midnight, or the change's instant where a zone springs forward over midnight.
 */
function midnight(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const date = new Date(wall).toISOString().slice(0, 10);
  // Midnight read with the offset in force at the guess, then at each answer: the offsets before
  // and after a change both come up, and the earliest answer on the date is its start.
  const candidates: number[] = [];
  let t = wall;
  for (let i = 0; i < 3; i++) {
    t = wall - (local(t / 1000, timeZone).wallMs - t);
    if (localDate(t / 1000, timeZone) === date) candidates.push(t);
  }
  return (candidates.length > 0 ? Math.min(...candidates) : t) / 1000;
}

/** Midnight starting the day `t` falls on, `offsetDays` days later (negative: earlier). */
export function dayStart(t: number, timeZone: string, offsetDays = 0): number {
  const { year, month, day } = local(t, timeZone);
  return midnight(year, month, day + offsetDays, timeZone);
}

/** The local date `t` falls on, as YYYY-MM-DD. */
export function localDate(t: number, timeZone: string): string {
  const { year, month, day } = local(t, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The days from `from` (a midnight) until `to`: [start, end) each, the last one cut at `to`. */
export function daysBetween(from: number, to: number, timeZone: string): { day: string; start: number; end: number }[] {
  const days = [];
  for (let start = from; start < to; ) {
    const next = dayStart(start, timeZone, 1);
    days.push({ day: localDate(start, timeZone), start, end: Math.min(next, to) });
    start = next;
  }
  return days;
}
