/** The fake's event bus: events as subscribe_events delivers them, to listeners of one type or all. */
import type { Context } from './protocol.ts';
import { contextId, isoTime, nowSeconds } from './states.ts';

export interface HaEvent {
  event_type: string;
  data: Record<string, unknown>;
  origin: 'LOCAL' | 'REMOTE';
  time_fired: string;
  context: Context;
}

/** Listeners of this type hear every event (subscribe_events without event_type). */
export const MATCH_ALL = '*';

export class EventBus {
  private readonly listeners = new Map<string, Set<(event: HaEvent) => void>>();

  listen(eventType: string, listener: (event: HaEvent) => void): () => void {
    let set = this.listeners.get(eventType);
    if (set === undefined) this.listeners.set(eventType, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  fire(eventType: string, data: Record<string, unknown> = {}, context?: Partial<Context>): HaEvent {
    const event: HaEvent = {
      event_type: eventType,
      data,
      origin: 'LOCAL',
      time_fired: isoTime(nowSeconds()),
      context: { id: context?.id ?? contextId(), parent_id: context?.parent_id ?? null, user_id: context?.user_id ?? null },
    };
    for (const type of [eventType, MATCH_ALL]) {
      for (const listener of [...(this.listeners.get(type) ?? [])]) listener(event);
    }
    return event;
  }
}
