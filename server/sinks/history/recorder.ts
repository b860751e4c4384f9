/**
 * What the history records of each publish: a transition when an entity's home, room or floor
 * changes (or it is gone), and its position at most once a second while it has one.
 */
import type { Vec3 } from '../../config/types.ts';
import type { MovingEntityState } from '../../presence/moving-entities.ts';
import type { PresenceSnapshot } from '../../presence/types.ts';
import type { HistoryStore } from './store.ts';

/** A moving entity as the history sees it now. */
export interface CurrentSubject {
  entityId: string;
  name: string;
  home: boolean;
  /** Null when away or in no room. */
  room: string | null;
  floor: string | null;
  coordinates: Vec3 | null;
}

/**
 * The entities now: as the presence stage says when there is one (home with its consider-home
 * delay, and without the fixed reference tags), else as the moving entities say; positions from
 * the moving entities.
 */
export function currentSubjects(states: ReadonlyMap<string, MovingEntityState>, presence: PresenceSnapshot | null): CurrentSubject[] {
  const people = presence?.devices ?? [...states.values()].map((s) => ({ entityId: s.entityId, name: s.name, home: s.present, room: s.room, floor: s.floor }));
  return people.map(({ entityId, name, home, room, floor }) => ({
    entityId,
    name,
    home,
    room: home ? room : null,
    floor: home ? floor : null,
    coordinates: home ? (states.get(entityId)?.coordinates ?? null) : null,
  }));
}

interface Held {
  name: string;
  home: boolean;
  room: string | null;
  floor: string | null;
  /** The whole second of its last position sample. */
  sampled: number;
}

export class HistoryRecorder {
  private readonly held = new Map<string, Held>();

  constructor(private readonly store: HistoryStore) {}

  record(now: number, subjects: readonly CurrentSubject[]): void {
    const second = Math.floor(now);
    const seen = new Set<string>();
    for (const s of subjects) {
      seen.add(s.entityId);
      const subject = { entityId: s.entityId, name: s.name };
      const held = this.held.get(s.entityId);
      if (!held || held.home !== s.home || held.room !== s.room || held.floor !== s.floor) {
        this.store.addTransition({ t: now, subject, home: s.home, room: s.room, floor: s.floor });
      }
      let sampled = held?.sampled ?? -Infinity;
      if (s.coordinates !== null && s.floor !== null && second > sampled) {
        this.store.addPosition({ t: second, subject, x: s.coordinates[0], y: s.coordinates[1], floor: s.floor });
        sampled = second;
      }
      this.held.set(s.entityId, { name: s.name, home: s.home, room: s.room, floor: s.floor, sampled });
    }
    // An entity that is no longer published (removed from the plan, no longer tracked): not known from now.
    for (const [entityId, held] of this.held) {
      if (seen.has(entityId)) continue;
      this.store.addTransition({ t: now, subject: { entityId, name: held.name }, home: null, room: null, floor: null });
      this.held.delete(entityId);
    }
  }
}
