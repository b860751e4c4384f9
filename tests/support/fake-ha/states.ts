/**
 * The fake's state machine: entity states with Home Assistant's rules for when last_changed and
 * last_updated move and when a write is no change at all, and the state_changed it produces.
 */
import type { Context } from './protocol.ts';

export interface FakeState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  /** Epoch seconds (float), as Home Assistant keeps them. */
  last_changed: number;
  last_updated: number;
  context: Context;
}

/** A state as get_states and state_changed events carry it (ISO times). */
export interface StateJson {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
  last_updated: string;
  context: Context;
}

export interface StateChange {
  entityId: string;
  oldState: FakeState | null;
  newState: FakeState | null;
}

export interface SetStateOptions {
  /** Context fields; `id` defaults to a new one per write. */
  context?: Partial<Context>;
  /** Write even when state and attributes are unchanged (last_updated moves). */
  forceUpdate?: boolean;
  /** Epoch seconds of the write (default now). */
  time?: number;
}

export class StateMachine {
  private readonly states = new Map<string, FakeState>();
  private readonly listeners = new Set<(change: StateChange) => void>();

  get(entityId: string): FakeState | undefined {
    return this.states.get(entityId);
  }

  all(): FakeState[] {
    return [...this.states.values()];
  }

  onChange(listener: (change: StateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Returns the change, or null when nothing changed (Home Assistant then fires no event). */
  set(
    entityId: string,
    state: string,
    attributes: Record<string, unknown> = {},
    options: SetStateOptions = {},
  ): StateChange | null {
    const old = this.states.get(entityId) ?? null;
    const sameState = old !== null && old.state === state && !options.forceUpdate;
    if (sameState && jsonEqual(old.attributes, attributes)) return null;
    const now = options.time ?? nowSeconds();
    const next: FakeState = {
      entity_id: entityId,
      state,
      attributes: structuredClone(attributes),
      last_changed: sameState ? old.last_changed : now,
      last_updated: now,
      context: {
        id: options.context?.id ?? contextId(),
        parent_id: options.context?.parent_id ?? null,
        user_id: options.context?.user_id ?? null,
      },
    };
    this.states.set(entityId, next);
    return this.emit({ entityId, oldState: old, newState: next });
  }

  remove(entityId: string): StateChange | null {
    const old = this.states.get(entityId);
    if (old === undefined) return null;
    this.states.delete(entityId);
    return this.emit({ entityId, oldState: old, newState: null });
  }

  private emit(change: StateChange): StateChange {
    for (const listener of [...this.listeners]) listener(change);
    return change;
  }
}

export function stateJson(state: FakeState): StateJson {
  return {
    entity_id: state.entity_id,
    state: state.state,
    attributes: state.attributes,
    last_changed: isoTime(state.last_changed),
    last_updated: isoTime(state.last_updated),
    context: state.context,
  };
}

/** Python's isoformat for an aware UTC datetime: microseconds and +00:00. */
export function isoTime(epochSeconds: number): string {
  const micros = Math.round(epochSeconds * 1e6);
  const date = new Date(Math.floor(micros / 1000));
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  return `${date.toISOString().slice(0, 19)}.${fraction}+00:00`;
}

/** Epoch seconds with microseconds, as time.time() gives. */
export function nowSeconds(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000) / 1e6;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-shaped context id (26 characters: 10 of time, 16 random), as Home Assistant makes. */
export function contextId(): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[Math.floor(Math.random() * 32)];
  return head + tail;
}

/** Equality of JSON-like values (attributes), as Python's == on dicts. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every(
    (key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
