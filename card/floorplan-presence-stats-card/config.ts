/** The stats card's Lovelace options (docs/CARD.md, "The stats card", lists each with its default). */
import { fail, fillDefaults, isNumber, isRecord } from '../shared/options.ts';

export const STATS_CARD_TYPE = 'custom:floorplan-presence-stats-card';

export const STATS_RANGES = ['today', 'week'] as const;
export type StatsRange = (typeof STATS_RANGES)[number];

/** The card's parts, in the order they are drawn. */
export const STATS_SECTIONS = ['home', 'rooms', 'time', 'timeline', 'heatmap'] as const;
export type StatsSection = (typeof STATS_SECTIONS)[number];

export interface StatsCardConfig {
  type: string;
  title?: string;
  /** The range shown first (default today); the card's toggle switches it. */
  range?: StatsRange;
  /** The heat map's floor shown first (default: the first floor of floorplan.yaml). */
  floor?: string;
  /** Degrees the heat map's plan is turned clockwise on screen, as the first card's `rotation` (default 0). */
  rotation?: number;
  /** The parts shown (default all). */
  show?: readonly StatsSection[];
}

export const STATS_DEFAULTS = {
  range: 'today',
  rotation: 0,
  show: STATS_SECTIONS,
} as const satisfies Partial<StatsCardConfig>;

export type ResolvedStatsConfig = StatsCardConfig & { range: StatsRange; rotation: number; show: readonly StatsSection[] };

export function withStatsDefaults(config: StatsCardConfig): ResolvedStatsConfig {
  return fillDefaults(config, STATS_DEFAULTS);
}

const list = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

/**
 * Checks the options as typed in YAML or sent by the editor and returns them typed; throws an
 * Error naming the option. Keys it does not know (Lovelace adds some) are left alone.
 */
export function validateStatsConfig(config: unknown): StatsCardConfig {
  if (!isRecord(config)) fail('the card configuration', 'a mapping of options', config);
  const c = config;
  if (typeof c.type !== 'string') fail('type', `"${STATS_CARD_TYPE}"`, c.type);
  for (const key of ['title', 'floor'] as const) {
    if (c[key] !== undefined && (typeof c[key] !== 'string' || c[key] === '')) fail(key, 'a non-empty text', c[key]);
  }
  if (c.range !== undefined && !STATS_RANGES.includes(c.range as StatsRange)) fail('range', `one of ${list(STATS_RANGES)}`, c.range);
  if (c.rotation !== undefined && !isNumber(c.rotation)) fail('rotation', 'a number of degrees', c.rotation);
  if (c.show !== undefined) {
    if (!Array.isArray(c.show) || c.show.length === 0) fail('show', `a list of one or more of ${list(STATS_SECTIONS)}`, c.show);
    c.show.forEach((section: unknown, i) => {
      if (!STATS_SECTIONS.includes(section as StatsSection)) fail(`show[${i}]`, `one of ${list(STATS_SECTIONS)}`, section);
    });
  }
  return c as unknown as StatsCardConfig;
}
