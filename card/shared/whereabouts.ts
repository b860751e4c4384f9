/**
 * Tells a card when someone arrives, leaves or changes room, from the live stream the floor plan
 * card reads too (`floorplan/subscribe`). The stats card reads its summary every minute; with this
 * its "who is home" and room occupancy follow a change within seconds.
 */
import type { CardStreamEvent } from '../../server/sinks/card/messages.ts';
import type { HomeAssistant } from '../ha/types.ts';

/** Whether an entity is present, and in which room: what "who is home" shows of it. */
export interface Whereabouts {
  present: boolean;
  room: string | null;
}

const same = (a: Whereabouts, b: Whereabouts): boolean => a.present === b.present && a.room === b.room;

export class WhereaboutsWatch {
  /** Each entity as the stream last said. */
  private readonly known = new Map<string, Whereabouts>();
  /** Bumped by start and stop, so events of an earlier subscription are dropped. */
  private session = 0;
  private unsubscribe?: Promise<(() => Promise<void>) | undefined>;

  /**
   * `shown` is what the card shows of an entity the stream has not mentioned yet (undefined: it
   * cannot tell); `onChange` is called for every event in which someone's whereabouts changed.
   */
  constructor(
    private readonly shown: (entityId: string) => Whereabouts | undefined,
    private readonly onChange: () => void,
  ) {}

  start(hass: HomeAssistant): void {
    if (this.unsubscribe) return;
    const session = ++this.session;
    // Without the stream the card still reads every minute: a failure here is not the card's error.
    this.unsubscribe = hass.connection
      .subscribeMessage<CardStreamEvent>((event) => session === this.session && this.onEvent(event), { type: 'floorplan/subscribe' })
      .catch(() => undefined);
  }

  stop(): void {
    this.session++;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    this.known.clear();
    void unsubscribe?.then((unsub) => unsub?.()).catch(() => undefined);
  }

  private onEvent(event: CardStreamEvent): void {
    if (event.type !== 'positions') return;
    let changed = false;
    for (const { entity_id: id, present, room } of event.entities) {
      const now = { present, room: present ? room : null };
      const before = this.known.get(id) ?? this.shown(id);
      if (before && !same(before, now)) changed = true;
      this.known.set(id, now);
    }
    for (const id of event.removed) {
      const before = this.known.get(id) ?? this.shown(id);
      if (before?.present) changed = true;
      this.known.delete(id);
    }
    if (changed) this.onChange();
  }
}
