/**
 * The card's picture of the house: the layout and every moving entity, read once and then kept
 * current by one live subscription. Home Assistant sets `hass` many times a second; this reads
 * only when started, when the sidecar comes back and when the layout changes.
 */
import type { CalibrationRequest, CardEntity, CardLayout, CardPositions, CardRequest, CardStreamEvent, STATS_REQUESTS } from '../../server/sinks/card/messages.ts';
import type { HomeAssistant } from '../ha/types.ts';

export type DataChange =
  | { kind: 'layout' }
  | { kind: 'positions'; changed: readonly string[]; removed: readonly string[] }
  /** Whether the sidecar is attached, or an error, changed. */
  | { kind: 'status' };

/** One request to the sidecar through the integration (the card calls no services). */
export function callFloorplan<T>(hass: HomeAssistant, name: CardRequest | CalibrationRequest | (typeof STATS_REQUESTS)[number], data: object = {}): Promise<T> {
  return hass.callWS<T>({ type: 'floorplan/call', name, data });
}

/** A failure as one sentence that says what to do, for the card and its editor. */
export function describeError(error: unknown): string {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  if (code === 'unknown_command') return 'Home Assistant does not know the floorplan commands: install and set up the Floorplan Presence integration.';
  if (code === 'not_set_up') return 'The Floorplan Presence integration is not set up: add it under Settings → Devices & services, then try again.';
  if (code === 'not_connected') {
    return 'The floorplan sidecar is not connected to Home Assistant, so the plan cannot be read or saved. Start it (floorplan serve) and try again.';
  }
  if (typeof message === 'string' && message !== '') return message;
  return `Floorplan request failed: ${String(error)}`;
}

export class FloorplanData {
  layout: CardLayout | null = null;
  readonly entities = new Map<string, CardEntity>();
  /** Node id → when its scanner last reported; absent or null when never heard. */
  nodesHeard: Record<string, string | null> = {};
  /** Whether the integration has a sidecar attached; null until it says. */
  sidecarConnected: boolean | null = null;
  /** Why the card cannot show everything, or null. */
  error: string | null = null;

  private hass?: HomeAssistant;
  /** Bumped by start and stop, so answers and events of an earlier session are dropped. */
  private session = 0;
  private running = false;
  private unsubscribe?: Promise<(() => Promise<void>) | undefined>;
  /** Entities an event updated while a snapshot was on its way: the snapshot is older for them. */
  private updatedDuringFetch?: Set<string>;

  constructor(private readonly onChange: (change: DataChange) => void) {}

  /** Takes the latest `hass` for later requests; the first one (after a stop) starts reading. */
  setHass(hass: HomeAssistant): void {
    this.hass = hass;
    if (!this.running) this.start();
  }

  /** Stops listening (the card left the page); the last picture stays until the next start. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.session++;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    void unsubscribe?.then((unsub) => unsub?.()).catch(() => undefined);
  }

  private start(): void {
    const hass = this.hass;
    if (!hass) return;
    this.running = true;
    const session = ++this.session;
    this.unsubscribe = hass.connection
      .subscribeMessage<CardStreamEvent>((event) => session === this.session && this.onEvent(event), { type: 'floorplan/subscribe' })
      .catch((error: unknown) => {
        if (session === this.session) this.fail(error);
        return undefined;
      });
    void this.fetchLayout(session);
    void this.fetchPositions(session);
  }

  private async fetchLayout(session: number): Promise<void> {
    try {
      const layout = await callFloorplan<CardLayout>(this.hass!, 'card_layout');
      if (session !== this.session) return;
      this.layout = layout;
      this.clearError();
      this.onChange({ kind: 'layout' });
    } catch (error) {
      if (session === this.session) this.fail(error);
    }
  }

  private async fetchPositions(session: number): Promise<void> {
    const updated = new Set<string>();
    this.updatedDuringFetch = updated;
    try {
      const positions = await callFloorplan<CardPositions>(this.hass!, 'card_positions');
      if (session !== this.session) return;
      const fresh = new Set(positions.entities.map((e) => e.entity_id));
      const removed = [...this.entities.keys()].filter((id) => !fresh.has(id) && !updated.has(id));
      for (const id of removed) this.entities.delete(id);
      const changed: string[] = [];
      for (const entity of positions.entities) {
        if (updated.has(entity.entity_id)) continue;
        this.entities.set(entity.entity_id, entity);
        changed.push(entity.entity_id);
      }
      this.nodesHeard = { ...this.nodesHeard, ...positions.nodes_heard };
      this.clearError();
      this.onChange({ kind: 'positions', changed, removed });
    } catch (error) {
      if (session === this.session) this.fail(error);
    } finally {
      if (this.updatedDuringFetch === updated) this.updatedDuringFetch = undefined;
    }
  }

  private onEvent(event: CardStreamEvent): void {
    switch (event.type) {
      case 'connected': {
        const cameBack = event.connected && this.sidecarConnected === false;
        this.sidecarConnected = event.connected;
        this.onChange({ kind: 'status' });
        if (cameBack) {
          if (!this.layout) void this.fetchLayout(this.session);
          void this.fetchPositions(this.session);
        }
        break;
      }
      case 'positions': {
        for (const entity of event.entities) {
          this.entities.set(entity.entity_id, entity);
          this.updatedDuringFetch?.add(entity.entity_id);
        }
        for (const id of event.removed) {
          this.entities.delete(id);
          this.updatedDuringFetch?.add(id);
        }
        Object.assign(this.nodesHeard, event.nodes_heard);
        this.onChange({ kind: 'positions', changed: event.entities.map((e) => e.entity_id), removed: event.removed });
        break;
      }
      case 'layout_changed':
        void this.fetchLayout(this.session);
        break;
    }
  }

  private fail(error: unknown): void {
    // Without a sidecar the `connected` event already explains it; the last picture stays.
    if ((error as { code?: unknown } | null)?.code === 'not_connected') {
      this.sidecarConnected = false;
    } else {
      this.error = describeError(error);
    }
    this.onChange({ kind: 'status' });
  }

  private clearError(): void {
    if (this.error === null) return;
    this.error = null;
    this.onChange({ kind: 'status' });
  }
}
