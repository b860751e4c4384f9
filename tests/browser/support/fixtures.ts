/**
 * Scripted moving entities for a floor plan: floor, room and ranges follow from where they are,
 * so that what the card shows can be checked against the plan.
 */
import { loadConfigFile } from '../../../server/config/load.ts';
import type { FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import { FloorplanModel } from '../../../server/engine/model.ts';
import type { CardEntity, CardPositions, CardStreamEvent } from '../../../server/sinks/card/messages.ts';
import { EXAMPLE_CONFIG } from './paths.ts';

export async function loadExample(path = EXAMPLE_CONFIG): Promise<FloorplanConfig> {
  const { config, problems } = await loadConfigFile(path);
  if (config === null) throw new Error(`${path} does not load: ${JSON.stringify(problems)}`);
  return config;
}

/** How many nodes a scripted fix uses: the nearest ones. */
const RANGES_PER_FIX = 4;
/** Relative 1-sigma of a scripted range, like the radio model's at indoor noise. */
const RANGE_SIGMA = 0.3;

/** Builds entities placed in a configuration's house. */
export class EntityFactory {
  private readonly model: FloorplanModel;

  constructor(private readonly config: FloorplanConfig) {
    this.model = new FloorplanModel(config);
  }

  /** A located entity at `at`: floor and room from the plan, exact ranges to the nearest nodes. */
  located(entityId: string, at: Vec3, extra: Partial<CardEntity> = {}): CardEntity {
    const floor = this.model.floorAt(at[2]);
    const room = this.model.roomAt(floor, at[0], at[1]);
    const nearest = this.config.beaconNodes
      .map((n) => ({ id: n.id, distance: Math.hypot(n.coordinates[0] - at[0], n.coordinates[1] - at[1], n.coordinates[2] - at[2]) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, RANGES_PER_FIX);
    return {
      entity_id: entityId,
      name: displayName(entityId),
      present: true,
      coordinates: at,
      accuracy: 0.6,
      confidence: 0.8,
      floor,
      room: room?.id ?? null,
      room_name: room?.name ?? null,
      last_seen: new Date().toISOString(),
      reason: null,
      nodes_used: nearest.map((n) => n.id),
      ranges: nearest.map((n) => ({ node: n.id, distance: round3(n.distance), sigma: round3(RANGE_SIGMA * n.distance), age: 1 })),
      ...extra,
    };
  }

  /** Every node heard at `time` (ms since the epoch; a node not heard for a minute is drawn as stale). */
  nodesHeard(time = Date.now()): Record<string, string | null> {
    const heard = new Date(time).toISOString();
    return Object.fromEntries(this.config.beaconNodes.map((n) => [n.id, heard]));
  }

  /** `card_positions` with these entities. */
  positions(entities: CardEntity[]): CardPositions {
    return { entities, nodes_heard: this.nodesHeard(), timestamp: new Date().toISOString() };
  }

  /** The `positions` stream event carrying these changes, sent at `time`. */
  event(entities: CardEntity[], removed: string[] = [], time = Date.now()): CardStreamEvent {
    return { type: 'positions', entities, removed, nodes_heard: this.nodesHeard(time) };
  }

  /** An entity the sidecar knows but cannot place. */
  unlocated(entityId: string, reason: string): CardEntity {
    return {
      entity_id: entityId,
      name: displayName(entityId),
      present: true,
      coordinates: null,
      accuracy: null,
      confidence: 0,
      floor: null,
      room: null,
      room_name: null,
      last_seen: null,
      reason,
      nodes_used: [],
      ranges: [],
    };
  }
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** person.alice_smith → "Alice smith", as a friendly name would read. */
function displayName(entityId: string): string {
  const name = entityId.slice(entityId.indexOf('.') + 1).replaceAll('_', ' ');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export interface ScheduledEvent {
  /** Milliseconds from the start of playback. */
  at: number;
  event: CardStreamEvent;
}

/**
 * `count` people walking ellipses on the example house's ground floor (the floor the card shows
 * first, so it draws them all), each reported at
 * `hz` with the reports of different people staggered evenly, delivered in `batchMs` batches the
 * way a sidecar flushes its changes. Returns the first picture and the events of `seconds` after it.
 */
export function walkers(
  factory: EntityFactory,
  options: { count: number; seconds: number; hz: number; batchMs: number },
): { initial: CardEntity[]; schedule: ScheduledEvent[] } {
  const { count, seconds, hz, batchMs } = options;
  const position = (i: number, t: number): Vec3 => {
    // 0.5–0.8 m/s around the house's middle, each person starting elsewhere on the loop, 1 m up.
    const angle = (2 * Math.PI * i) / count + 0.2 * t * (i % 2 === 0 ? 1 : -1);
    const shrink = 0.6 + 0.4 * ((i * 7) % 10) / 10;
    return [round3(5 + 4 * shrink * Math.cos(angle)), round3(4 + 3.5 * shrink * Math.sin(angle)), 1];
  };
  const id = (i: number): string => `person.walker_${String(i).padStart(3, '0')}`;
  // Times as they will be when played from now, so that nodes stay fresh and "last seen" is right.
  const start = Date.now();
  const seen = (t: number) => ({ last_seen: new Date(start + t).toISOString() });
  const initial = Array.from({ length: count }, (_, i) => factory.located(id(i), position(i, 0), seen(0)));
  const due = new Map<number, CardEntity[]>();
  const period = 1000 / hz;
  for (let i = 0; i < count; i++) {
    for (let t = (period * i) / count; t < seconds * 1000; t += period) {
      const batch = Math.ceil(t / batchMs) * batchMs;
      if (!due.has(batch)) due.set(batch, []);
      due.get(batch)!.push(factory.located(id(i), position(i, t / 1000), seen(t)));
    }
  }
  const schedule = [...due.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, entities]): ScheduledEvent => ({ at, event: factory.event(entities, [], start + at) }));
  return { initial, schedule };
}
