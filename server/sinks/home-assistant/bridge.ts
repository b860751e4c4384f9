/**
 * The sidecar's side of the floorplan integration (docs/HOME-ASSISTANT.md): attaches with
 * `floorplan/sidecar/subscribe`, answers each request with `floorplan/sidecar/respond`, pushes
 * moving-entity states with `floorplan/sidecar/update`, presence and occupancy with
 * `floorplan/sidecar/presence`, and, while the integration says cards
 * listen, the card stream with `floorplan/sidecar/stream`. The integration may load after the
 * sidecar connects, be reloaded, or go away with Home Assistant: the bridge attaches again after
 * each reconnect, on the integration's start event, and by retrying while detached.
 */
import type { Connection, UnsubscribeFunc } from 'home-assistant-js-websocket';
import type { MovingEntityState } from '../../presence/moving-entities.ts';
import type { PresenceSnapshot } from '../../presence/types.ts';
import { describeResultError } from '../../providers/home-assistant/connection.ts';
import { ServiceError } from '../../services/errors.ts';
import { isoTime, point, proximityFields, round } from '../../services/queries.ts';
import type { CardStreamEvent } from '../card/messages.ts';
import { PresenceUpdates } from './presence-updates.ts';

export const INTEGRATION_STARTED_EVENT = 'floorplan_integration_started';
/** While detached, try to attach this often (the start event can be missed across a reconnect). */
const ATTACH_RETRY_MS = 30_000;

interface RequestEvent {
  request_id: string | null;
  name: string;
  data?: unknown;
  source?: string;
}

export interface BridgeOptions {
  version: string;
  /** Answers one request: a service's response, or throws (ServiceError for a clear message). */
  handle(name: string, data: unknown): Promise<object>;
  /** Called after each attach, to send every moving entity (`full: true`). */
  attached(): void;
  /** The integration saved floorplan.yaml (for a sidecar that reads it through the integration). */
  configSaved(): void;
  log(message: string): void;
}

export class HomeAssistantBridge {
  private subscription: UnsubscribeFunc | null = null;
  private startedEvents: UnsubscribeFunc | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private attaching: Promise<void> | null = null;
  private stopped = false;
  private streaming = false;
  private readonly presenceUpdates = new PresenceUpdates();

  constructor(
    private readonly connection: Connection,
    private readonly options: BridgeOptions,
  ) {}

  get isAttached(): boolean {
    return this.subscription !== null;
  }

  /** Cards are subscribed to the integration's stream: it said so with a `stream` notification. */
  get isStreaming(): boolean {
    return this.isAttached && this.streaming;
  }

  async start(): Promise<void> {
    this.startedEvents = await this.connection.subscribeEvents(() => void this.attach(), INTEGRATION_STARTED_EVENT);
    await this.attach();
  }

  /** Attaches (again); safe to call at any time, concurrent calls share one attempt. */
  attach(): Promise<void> {
    this.attaching ??= this.doAttach().finally(() => {
      this.attaching = null;
    });
    return this.attaching;
  }

  /** Sends moving-entity states; `full` lists every entity (the integration marks others unavailable). */
  async push(states: readonly MovingEntityState[], full: boolean, removed: readonly string[] = []): Promise<void> {
    if (!this.isAttached || (states.length === 0 && removed.length === 0 && !full)) return;
    const entities = Object.fromEntries(states.map((s) => [s.entityId, updateFields(s)]));
    try {
      await this.connection.sendMessagePromise({ type: 'floorplan/sidecar/update', full, entities, removed });
    } catch (err) {
      this.options.log(`could not send positions to Home Assistant: ${describeResultError(err)}`);
    }
  }

  /** Sends presence and occupancy with `floorplan/sidecar/presence`: all of it after an attach, then what changed. */
  async pushPresence(snapshot: PresenceSnapshot): Promise<void> {
    if (!this.isAttached) return;
    const message = this.presenceUpdates.next(snapshot);
    if (message === null) return;
    try {
      await this.connection.sendMessagePromise({ type: 'floorplan/sidecar/presence', ...message });
    } catch (err) {
      this.options.log(`could not send presence to Home Assistant: ${describeResultError(err)}`);
    }
  }

  /** Sends an event for the cards, while they listen; the integration passes it on to each of them. */
  async stream(event: CardStreamEvent): Promise<void> {
    if (!this.isStreaming) return;
    try {
      await this.connection.sendMessagePromise({ type: 'floorplan/sidecar/stream', event });
    } catch (err) {
      this.options.log(`could not send the card stream to Home Assistant: ${describeResultError(err)}`);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    void this.unsubscribe();
    void Promise.resolve(this.startedEvents?.()).catch(() => undefined);
    this.startedEvents = null;
  }

  private async doAttach(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    // One subscription at a time: the integration replaces the old one anyway, but the old one
    // would also be resubscribed by the library after a reconnect.
    await this.unsubscribe();
    // Nothing for the cards until this subscription is told they listen (`stream` notification).
    this.streaming = false;
    // A new subscription may be a new integration, which knows no presence yet.
    this.presenceUpdates.reset();
    try {
      this.subscription = await this.connection.subscribeMessage<RequestEvent>(
        (event) => this.onEvent(event),
        { type: 'floorplan/sidecar/subscribe', version: this.options.version },
        { resubscribe: false },
      );
    } catch (err) {
      this.options.log(`floorplan integration not available (${describeResultError(err)}); waiting for it to start`);
      this.retryTimer = setTimeout(() => void this.attach(), ATTACH_RETRY_MS);
      return;
    }
    this.options.log('attached to the floorplan integration');
    this.options.attached();
  }

  private async unsubscribe(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    // Fails when the integration already dropped it (reload) or the socket is new: nothing to undo.
    await Promise.resolve(subscription?.()).catch(() => undefined);
  }

  private onEvent(event: RequestEvent): void {
    if (event.request_id === null) return this.onNotification(event);
    void this.answer(event.request_id, event.name, event.data);
  }

  /** Messages from the integration that need no answer. */
  private onNotification(event: RequestEvent): void {
    if (event.name === 'config_changed') return this.options.configSaved();
    if (event.name === 'stream') {
      this.streaming = (event.data as { active?: unknown } | undefined)?.active === true;
      return;
    }
    if (event.name !== 'detached') return;
    this.subscription = null;
    const reason = (event.data as { reason?: string } | undefined)?.reason;
    if (reason === 'replaced') {
      // Retrying would have two sidecars take the integration from each other forever.
      this.options.log('another sidecar attached to the floorplan integration; this one stays detached (run only one)');
      return;
    }
    this.options.log('the floorplan integration detached (unloaded or reloading); waiting for it to start');
    this.retryTimer = setTimeout(() => void this.attach(), ATTACH_RETRY_MS);
  }

  private async answer(requestId: string, name: string, data: unknown): Promise<void> {
    let reply: Record<string, unknown>;
    try {
      reply = { result: await this.options.handle(name, data) };
    } catch (err) {
      const code = err instanceof ServiceError ? err.code : 'failed';
      reply = { error: { code, message: describeResultError(err) } };
    }
    try {
      await this.connection.sendMessagePromise({ type: 'floorplan/sidecar/respond', request_id: requestId, ...reply });
    } catch (err) {
      // The request timed out or the integration went away; its caller already has an error.
      this.options.log(`could not answer ${name}: ${describeResultError(err)}`);
    }
  }
}

function updateFields(state: MovingEntityState) {
  const [x, y, z] = state.coordinates ? point(state.coordinates) : [null, null, null];
  return {
    name: state.name,
    present: state.present,
    room: state.room,
    room_name: state.roomName,
    floor: state.floor,
    x,
    y,
    z,
    accuracy: state.accuracy === null ? null : round(state.accuracy),
    confidence: round(state.confidence),
    last_seen: state.updatedAt === null ? null : isoTime(state.updatedAt),
    ...proximityFields(state.proximity),
  };
}
