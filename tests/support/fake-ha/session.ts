/**
 * One client connection to the fake: the auth phase, then commands with Home Assistant's rules
 * (increasing ids, unknown_command, invalid_format), supported_features / coalesced frames,
 * ping/pong, subscriptions and unsubscribe_events. What the commands do is up to the host.
 */
import type WebSocket from 'ws';
import {
  errorMessage,
  eventMessage,
  FakeHaError,
  isCommand,
  resultMessage,
  type CommandMessage,
  type ServerMessage,
} from './protocol.ts';

export interface FakeUser {
  id: string;
  name: string;
  isAdmin: boolean;
}

/** A subscription a command started: events pushed to it reach the subscriber until it ends. */
export interface Subscription {
  /** The id of the subscribing command, which its events carry. */
  readonly id: number;
  readonly connection: FakeConnection;
  readonly active: boolean;
  push(event: unknown): void;
}

export interface CommandContext {
  readonly message: CommandMessage;
  readonly connection: FakeConnection;
  /**
   * Makes the command a subscription. Events pushed before the command's result is sent wait for
   * it; onEnd runs on unsubscribe_events or when the socket closes.
   */
  subscribe(onEnd?: () => void): Subscription;
}

/** Returns the result (undefined → null), possibly as a promise; throw FakeHaError to fail. */
export type CommandHandler = (context: CommandContext) => unknown;

/** What a connection needs from the fake server. */
export interface ConnectionHost {
  readonly haVersion: string;
  readonly answerDelayMs: number;
  readonly answerPings: boolean;
  authenticate(token: unknown): FakeUser | undefined;
  commandHandler(type: string): CommandHandler | undefined;
  connectionClosed(connection: FakeConnection): void;
}

let nextConnectionId = 1;

export class FakeConnection {
  readonly id = nextConnectionId++;
  user: FakeUser | undefined;
  /** Frames that carried several messages as one JSON array. */
  coalescedFrames = 0;
  /** false: this socket's pings are never answered, as on a stalled connection. */
  answerPings = true;
  private coalesce = false;
  private lastId = 0;
  private readonly subscriptions = new Map<number, SubscriptionImpl>();
  private queue: ServerMessage[] = [];
  private flushScheduled = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly host: ConnectionHost,
  ) {
    ws.on('message', (data, isBinary) => this.receive(isBinary ? undefined : data.toString()));
    ws.on('close', () => this.closed());
    ws.on('error', () => {}); // 'close' follows; an unhandled 'error' would throw
    this.sendNow({ type: 'auth_required', ha_version: host.haVersion });
  }

  get authenticated(): boolean {
    return this.user !== undefined;
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** Sends a message, coalesced with others of the same tick once the client asked for it. */
  send(message: ServerMessage): void {
    if (!this.coalesce) {
      this.sendNow(message);
      return;
    }
    this.queue.push(message);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends a frame as is (after anything queued), e.g. one that is not JSON. */
  sendRaw(frame: string | Buffer): void {
    this.flush();
    if (this.open) this.ws.send(frame);
  }

  /** Ends the TCP connection without a closing handshake, as a network failure does. */
  drop(): void {
    this.ws.terminate();
  }

  close(code = 1000): void {
    this.ws.close(code);
  }

  private flush(): void {
    this.flushScheduled = false;
    const messages = this.queue;
    this.queue = [];
    if (messages.length === 0 || !this.open) return;
    if (messages.length === 1) {
      this.ws.send(JSON.stringify(messages[0]));
    } else {
      this.coalescedFrames++;
      this.ws.send(JSON.stringify(messages));
    }
  }

  private sendNow(message: ServerMessage): void {
    if (this.open) this.ws.send(JSON.stringify(message));
  }

  private receive(text: string | undefined): void {
    let parsed: unknown;
    try {
      parsed = text === undefined ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!this.authenticated) {
      this.authenticate(parsed);
    } else if (parsed === undefined) {
      this.ws.close(1003); // Home Assistant disconnects on invalid JSON
    } else if (this.host.answerDelayMs > 0) {
      setTimeout(() => this.handle(parsed), this.host.answerDelayMs);
    } else {
      this.handle(parsed);
    }
  }

  private authenticate(message: unknown): void {
    const fields = typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
    if (fields.type !== 'auth' || typeof fields.access_token !== 'string') {
      this.rejectAuth('Auth message incorrectly formatted: expected {"type": "auth", "access_token": …}');
      return;
    }
    const user = this.host.authenticate(fields.access_token);
    if (user === undefined) {
      this.rejectAuth('Invalid access token or password');
      return;
    }
    this.user = user;
    this.sendNow({ type: 'auth_ok', ha_version: this.host.haVersion });
  }

  private rejectAuth(message: string): void {
    this.sendNow({ type: 'auth_invalid', message });
    this.ws.close();
  }

  private handle(message: unknown): void {
    if (!this.open) return;
    if (!isCommand(message)) {
      const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : 0;
      this.send(
        errorMessage(typeof id === 'number' ? id : 0, { code: 'invalid_format', message: 'Message incorrectly formatted.' }),
      );
      return;
    }
    if (message.id <= this.lastId) {
      this.send(errorMessage(message.id, { code: 'id_reuse', message: 'Identifier values have to increase.' }));
      return;
    }
    this.lastId = message.id;
    switch (message.type) {
      case 'ping':
        if (this.answerPings && this.host.answerPings) this.send({ id: message.id, type: 'pong' });
        return;
      case 'supported_features': {
        const features = message.features as Record<string, unknown> | undefined;
        this.coalesce = features?.coalesce_messages === 1;
        this.send(resultMessage(message.id, null));
        return;
      }
      case 'unsubscribe_events':
        this.unsubscribe(message);
        return;
    }
    const handler = this.host.commandHandler(message.type);
    if (handler === undefined) {
      this.send(errorMessage(message.id, { code: 'unknown_command', message: 'Unknown command.' }));
      return;
    }
    void this.run(handler, message);
  }

  private async run(handler: CommandHandler, message: CommandMessage): Promise<void> {
    let subscription: SubscriptionImpl | undefined;
    const context: CommandContext = {
      message,
      connection: this,
      subscribe: (onEnd) => {
        subscription = new SubscriptionImpl(message.id, this, onEnd);
        this.subscriptions.set(message.id, subscription);
        return subscription;
      },
    };
    try {
      const result = await handler(context);
      if (!this.open) {
        if (subscription !== undefined) this.endSubscription(subscription.id);
        return;
      }
      this.send(resultMessage(message.id, result));
      subscription?.start();
    } catch (error) {
      if (subscription !== undefined) this.endSubscription(subscription.id);
      const body =
        error instanceof FakeHaError
          ? error.toBody()
          : { code: 'unknown_error', message: error instanceof Error ? error.message : String(error) };
      this.send(errorMessage(message.id, body));
    }
  }

  private unsubscribe(message: CommandMessage): void {
    const id = message.subscription;
    if (typeof id !== 'number' || !this.subscriptions.has(id)) {
      this.send(errorMessage(message.id, { code: 'not_found', message: 'Subscription not found.' }));
      return;
    }
    this.endSubscription(id);
    this.send(resultMessage(message.id, null));
  }

  private endSubscription(id: number): void {
    const subscription = this.subscriptions.get(id);
    if (subscription === undefined) return;
    this.subscriptions.delete(id);
    subscription.end();
  }

  private closed(): void {
    for (const id of [...this.subscriptions.keys()]) this.endSubscription(id);
    this.queue = [];
    this.host.connectionClosed(this);
  }
}

class SubscriptionImpl implements Subscription {
  private started = false;
  private ended = false;
  private pending: unknown[] = [];

  constructor(
    readonly id: number,
    readonly connection: FakeConnection,
    private readonly onEnd: (() => void) | undefined,
  ) {}

  get active(): boolean {
    return !this.ended && this.connection.open;
  }

  push(event: unknown): void {
    if (!this.active) return;
    if (this.started) this.connection.send(eventMessage(this.id, event));
    else this.pending.push(event);
  }

  /** After the command's result: events pushed meanwhile go out in order. */
  start(): void {
    this.started = true;
    const pending = this.pending;
    this.pending = [];
    for (const event of pending) this.push(event);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.pending = [];
    this.onEnd?.();
  }
}
