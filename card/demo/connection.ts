/**
 * The demo page's websocket to the demo sidecar, speaking the subset of Home Assistant's websocket
 * protocol the card uses (no authentication). Like home-assistant-js-websocket, it queues messages
 * while the socket is down, reconnects with backoff and subscribes again after a reconnect.
 */

export interface WsError {
  code: string;
  message: string;
}

type Outgoing = Record<string, unknown>;

interface Pending {
  resolve(result: unknown): void;
  reject(error: WsError): void;
}

interface Subscription {
  message: Outgoing;
  callback(event: unknown): void;
  /** The id of the subscribe message on the current socket; null while not subscribed. */
  id: number | null;
}

export interface ConnectionEvents {
  /** The event every subscriber gets when the socket drops, so that it shows it is cut off. */
  disconnectedEvent: unknown;
  /** The socket opened (true) or dropped (false). */
  onStatus(connected: boolean): void;
}

/** Waits before reconnect attempts 1, 2, 3…; the last one repeats. */
const BACKOFF_MS = [250, 1_000, 2_000, 5_000];

export class DemoConnection {
  private socket: WebSocket | null = null;
  private open = false;
  private nextId = 1;
  private attempts = 0;
  private readonly queued: string[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly url: string,
    private readonly events: ConnectionEvents,
  ) {
    this.connect();
  }

  /** Sends one command and resolves with its result, or rejects with its error. */
  callWS<T>(message: Outgoing): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.send(message);
      this.pending.set(id, { resolve: (result) => resolve(result as T), reject });
    });
  }

  /** Subscribes (again after every reconnect); resolves with the function that ends the subscription. */
  async subscribeMessage<E>(callback: (event: E) => void, message: Outgoing): Promise<() => Promise<void>> {
    const subscription: Subscription = { message, callback: callback as (event: unknown) => void, id: null };
    this.subscriptions.add(subscription);
    if (this.open) {
      try {
        await this.subscribe(subscription);
      } catch (err) {
        this.subscriptions.delete(subscription);
        throw err;
      }
    }
    return async () => {
      this.subscriptions.delete(subscription);
      if (this.open && subscription.id !== null) await this.callWS({ type: 'unsubscribe_events', subscription: subscription.id });
    };
  }

  private subscribe(subscription: Subscription): Promise<unknown> {
    const id = this.send(subscription.message);
    subscription.id = id;
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** Sends now, or once the socket is open again; returns the message id. */
  private send(message: Outgoing): number {
    const id = this.nextId++;
    const text = JSON.stringify({ ...message, id });
    if (this.open) this.socket!.send(text);
    else this.queued.push(text);
    return id;
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.open = true;
      this.attempts = 0;
      this.events.onStatus(true);
      for (const text of this.queued.splice(0)) socket.send(text);
      for (const subscription of this.subscriptions) {
        this.subscribe(subscription).catch((err: WsError) => console.error('resubscribe failed', err));
      }
    });
    socket.addEventListener('message', (message) => this.receive(JSON.parse(String(message.data)) as Record<string, unknown>));
    socket.addEventListener('close', () => this.dropped());
  }

  private receive(message: Record<string, unknown>): void {
    const id = message['id'] as number;
    if (message['type'] === 'event') {
      for (const subscription of this.subscriptions) if (subscription.id === id) subscription.callback(message['event']);
      return;
    }
    const pending = this.pending.get(id);
    if (message['type'] !== 'result' || pending === undefined) return;
    this.pending.delete(id);
    if (message['success'] === true) pending.resolve(message['result']);
    else pending.reject(message['error'] as WsError);
  }

  /** Fails what was in flight, tells every subscriber, and tries again after a growing pause. */
  private dropped(): void {
    const wasOpen = this.open;
    this.open = false;
    for (const { reject } of this.pending.values()) reject({ code: 'connection_lost', message: 'the demo sidecar connection was lost' });
    this.pending.clear();
    if (wasOpen) {
      this.events.onStatus(false);
      for (const subscription of this.subscriptions) {
        subscription.id = null;
        subscription.callback(this.events.disconnectedEvent);
      }
    }
    const delay = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)]!;
    this.attempts++;
    setTimeout(() => this.connect(), delay);
  }
}
