/** The stats card's durations and times as shown; times in Home Assistant's time zone, not the browser's. */

/** "2 h 05 min", "45 min", "< 1 min" (some time, under a minute), "0 min". */
export function duration(seconds: number): string {
  if (seconds > 0 && seconds < 60) return '< 1 min';
  const minutes = Math.round(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes} min`;
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "14:05" on the day `now` is in, "Mon 14:05" on another day, in `timeZone`; times in ms since the epoch. */
export function clockTime(at: number, now: number, timeZone: string, language: string): string {
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  const time = new Intl.DateTimeFormat(language, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  if (day(at) === day(now)) return time;
  return `${new Intl.DateTimeFormat(language, { timeZone, weekday: 'short' }).format(at)} ${time}`;
}
