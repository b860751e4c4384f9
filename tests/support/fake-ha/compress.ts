/**
 * subscribe_entities' compressed events, as Home Assistant builds them
 * (homeassistant/components/websocket_api/messages.py): `a` adds whole states, `c` sends per entity
 * a `+` diff of what changed and a `-` list of removed attributes, `r` removes entities.
 */
import type { Context } from './protocol.ts';
import { jsonEqual, type FakeState, type StateChange } from './states.ts';

export interface CompressedState {
  s: string;
  a: Record<string, unknown>;
  /** The context id alone when it has no parent and no user, else the whole context. */
  c: string | Context;
  lc: number;
  /** Only when last_updated differs from last_changed. */
  lu?: number;
}

export interface StateDiff {
  '+': {
    s?: string;
    a?: Record<string, unknown>;
    c?: string | Partial<Context>;
    lc?: number;
    lu?: number;
  };
  '-'?: { a: string[] };
}

export interface EntitiesEvent {
  a?: Record<string, CompressedState>;
  c?: Record<string, StateDiff>;
  r?: string[];
}

export function compressState(state: FakeState): CompressedState {
  const { context } = state;
  const compressed: CompressedState = {
    s: state.state,
    a: state.attributes,
    c: context.parent_id === null && context.user_id === null ? context.id : context,
    lc: state.last_changed,
  };
  if (state.last_updated !== state.last_changed) compressed.lu = state.last_updated;
  return compressed;
}

/** The `+`/`-` diff from one state of an entity to the next. */
export function stateDiff(oldState: FakeState, newState: FakeState): StateDiff {
  const added: StateDiff['+'] = {};
  if (oldState.state !== newState.state) added.s = newState.state;
  if (oldState.last_changed !== newState.last_changed) added.lc = newState.last_changed;
  else if (oldState.last_updated !== newState.last_updated) added.lu = newState.last_updated;

  const oldContext = oldState.context;
  const newContext = newState.context;
  let context: Partial<Context> | undefined;
  if (oldContext.parent_id !== newContext.parent_id) context = { parent_id: newContext.parent_id };
  if (oldContext.user_id !== newContext.user_id) context = { ...context, user_id: newContext.user_id };
  if (oldContext.id !== newContext.id) {
    // Only the id changed: sent as the bare id string.
    added.c = context === undefined ? newContext.id : { ...context, id: newContext.id };
  } else if (context !== undefined) {
    added.c = context;
  }

  const diff: StateDiff = { '+': added };
  const oldAttributes = oldState.attributes;
  const newAttributes = newState.attributes;
  for (const [key, value] of Object.entries(newAttributes)) {
    if (!Object.hasOwn(oldAttributes, key) || !jsonEqual(oldAttributes[key], value)) {
      (added.a ??= {})[key] = value;
    }
  }
  const removed = Object.keys(oldAttributes).filter((key) => !Object.hasOwn(newAttributes, key));
  if (removed.length > 0) diff['-'] = { a: removed };
  return diff;
}

/** The event one state change sends to a subscribe_entities subscriber. */
export function entitiesEvent(change: StateChange): EntitiesEvent {
  const { entityId, oldState, newState } = change;
  if (newState === null) return { r: [entityId] };
  if (oldState === null) return { a: { [entityId]: compressState(newState) } };
  return { c: { [entityId]: stateDiff(oldState, newState) } };
}

/** The first event of a subscription: every state, optionally only the listed entities. */
export function initialEntitiesEvent(states: FakeState[], entityIds?: readonly string[]): EntitiesEvent {
  const wanted = entityIds === undefined ? undefined : new Set(entityIds);
  const added: Record<string, CompressedState> = {};
  for (const state of states) {
    if (wanted === undefined || wanted.has(state.entity_id)) added[state.entity_id] = compressState(state);
  }
  return { a: added };
}
