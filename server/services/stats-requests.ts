/**
 * The stats view's request (`stats_summary`, docs/PRESENCE.md): read-only, answered from the
 * host's history. Like the card's other requests it comes through `floorplan/call` and is not a
 * Home Assistant service.
 */
import type { STATS_REQUESTS, StatsRequest, StatsSummary } from '../sinks/card/messages.ts';
import { invalid, ServiceError } from './errors.ts';
import { requiredText, type ServiceData } from './input.ts';

const RANGES: readonly StatsRequest['range'][] = ['today', 'week'];

/** A host with a history answers the stats; the sidecar and the demo do. */
export interface StatsHost {
  /** Null while the history is off. */
  historyStats?(range: StatsRequest['range']): StatsSummary | null;
}

export const STATS_REQUEST_HANDLERS: Record<(typeof STATS_REQUESTS)[number], (host: StatsHost, data: ServiceData) => StatsSummary> = {
  stats_summary: (host, data) => {
    const range = requiredText(data, 'range');
    if (!(RANGES as readonly string[]).includes(range)) throw invalid(`\`range\` must be one of ${RANGES.join(', ')}, got ${JSON.stringify(range)}`);
    const summary = host.historyStats?.(range as StatsRequest['range']) ?? null;
    if (summary === null) throw new ServiceError('failed', 'the history is off: the sidecar keeps none (history_retention_days is 0, or it has no state folder)');
    return summary;
  },
};

export function isStatsRequest(name: string): name is keyof typeof STATS_REQUEST_HANDLERS {
  return Object.hasOwn(STATS_REQUEST_HANDLERS, name);
}
