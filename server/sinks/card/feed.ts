/**
 * What the card shows live: each moving entity with the ranges behind its position (`card_positions`
 * and the `positions` events of the card stream), and when each node was last heard. It reads the
 * engine, the configuration and the moving entities through a source and knows nothing of Home
 * Assistant, so a demo can drive it with a simulated engine.
 */
import type { FloorplanConfig } from '../../config/types.ts';
import type { Engine } from '../../engine/engine.ts';
import type { RawReading } from '../../engine/types.ts';
import type { MovingEntityState } from '../../presence/moving-entities.ts';
import { isoTime, point, round } from '../../services/queries.ts';
import type { CardEntity, CardPositions, CardStreamEvent } from './messages.ts';

export interface CardFeedSource {
  /** The engine in use; a new one replaces it when floorplan.yaml changes. */
  engine(): Pick<Engine, 'model' | 'deviceStatus'>;
  config(): FloorplanConfig;
  movingEntities(): ReadonlyMap<string, MovingEntityState>;
  /** Seconds since the epoch, on the readings' clock. */
  now(): number;
}

export type PositionsEvent = Extract<CardStreamEvent, { type: 'positions' }>;

export class CardFeed {
  /** Node key → time of its scanner's latest reading. Kept across config changes: keys outlive them. */
  private readonly heardAt = new Map<string, number>();
  /** What the last `changes()` reported, to send only what changed since. */
  private sentEntities = new Map<string, string>();
  private sentNodes = '';

  constructor(private readonly source: CardFeedSource) {}

  /** Every reading as it arrives, usable or not: a node whose scanner reports is alive. */
  recordReadings(readings: readonly RawReading[]): void {
    const model = this.source.engine().model;
    for (const reading of readings) {
      const node = model.node(reading.scanner);
      if (node && reading.t > (this.heardAt.get(node.key) ?? -Infinity)) this.heardAt.set(node.key, reading.t);
    }
  }

  positions(): CardPositions {
    return { entities: this.entities(this.source.movingEntities()), nodes_heard: this.nodesHeard(), timestamp: isoTime(this.source.now()) };
  }

  /**
   * The entities whose picture changed since the last call, those gone, and the node times; null
   * when none of it changed. The ages of ranges tick every second and are not a change by themselves.
   * A caller that has just computed the moving entities passes them, so they are not computed twice.
   */
  changes(states: ReadonlyMap<string, MovingEntityState> = this.source.movingEntities()): PositionsEvent | null {
    const entities = this.entities(states);
    const signatures = new Map(entities.map((e) => [e.entity_id, visibleContent(e)]));
    const changed = entities.filter((e) => this.sentEntities.get(e.entity_id) !== signatures.get(e.entity_id));
    const removed = [...this.sentEntities.keys()].filter((id) => !signatures.has(id));
    const nodesHeard = this.nodesHeard();
    const nodes = JSON.stringify(nodesHeard);
    const nodesChanged = nodes !== this.sentNodes;
    this.sentEntities = signatures;
    this.sentNodes = nodes;
    if (changed.length === 0 && removed.length === 0 && !nodesChanged) return null;
    return { type: 'positions', entities: changed, removed, nodes_heard: nodesHeard };
  }

  private entities(states: ReadonlyMap<string, MovingEntityState>): CardEntity[] {
    const engine = this.source.engine();
    const now = this.source.now();
    const nodeIds = new Map(this.source.config().beaconNodes.map((n) => [n.key, n.id]));
    const nodeId = (key: string): string => nodeIds.get(key) ?? key;
    return [...states.values()].map((state) => ({
      entity_id: state.entityId,
      name: state.name,
      present: state.present,
      coordinates: state.coordinates && point(state.coordinates),
      accuracy: state.accuracy === null ? null : round(state.accuracy),
      confidence: round(state.confidence),
      floor: state.floor,
      room: state.room,
      room_name: state.roomName,
      last_seen: state.updatedAt === null ? null : isoTime(state.updatedAt),
      reason: state.reason,
      nodes_used: state.nodesUsed.map(nodeId),
      ranges: (engine.deviceStatus(state.device, now)?.heardBy ?? []).map((heard) => ({
        node: nodeId(heard.node),
        distance: round(heard.distance),
        // First order: the node's sigma of ln(distance) times the distance. The exact band,
        // distance·e^(±sigma), is wider outwards; at the usual sigma near 0.3 they differ by ~5 %.
        sigma: round(heard.distance * engine.model.nodes.get(heard.node)!.sigma),
        age: round(heard.age),
      })),
    }));
  }

  private nodesHeard(): Record<string, string | null> {
    return Object.fromEntries(
      this.source.config().beaconNodes.map((n) => {
        const t = this.heardAt.get(n.key);
        return [n.id, t === undefined ? null : isoTime(t)];
      }),
    );
  }
}

/** What the card draws of an entity: everything but the ticking ages and times. */
function visibleContent(entity: CardEntity): string {
  const { last_seen: _seen, confidence: _followsAccuracy, ranges, ...drawn } = entity;
  return JSON.stringify({ ...drawn, ranges: ranges.map(({ age: _age, ...range }) => range) });
}
