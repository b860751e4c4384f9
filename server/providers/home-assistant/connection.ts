/**
 * The sidecar's session with Home Assistant: one home-assistant-js-websocket Connection, opened
 * over socket.ts, kept alive with pings, reconnected (the library resubscribes everything
 * subscribed through it) until close(), or until Home Assistant refuses the token on a reconnect.
 */
import { Connection, ERR_CONNECTION_LOST, ERR_INVALID_AUTH } from 'home-assistant-js-websocket';
import type { HaWebSocket } from 'home-assistant-js-websocket';
import { displayUrl, openSocket, SocketOpenError, websocketUrl } from './socket.ts';

export interface HomeAssistantOptions {
  /** http(s):// or ws(s)://, with or without a trailing slash or /api/websocket. */
  url: string;
  /** A long-lived access token (never logged). */
  token: string;
  /** Time between keepalive pings (default 30 s). */
  pingIntervalMs?: number;
  /** A ping unanswered this long forces a reconnect (default 10 s). */
  pingTimeoutMs?: number;
  /** Budget for opening a socket and authenticating (default 10 s). */
  connectTimeoutMs?: number;
  log?: (message: string) => void;
}

export class HomeAssistantAuthError extends Error {
  constructor(detail: string) {
    super(
      `Home Assistant rejected the access token (${detail}): create a long-lived token in your profile`,
    );
    this.name = 'HomeAssistantAuthError';
  }
}

export type SessionEnd = { reason: 'closed' } | { reason: 'auth'; error: HomeAssistantAuthError };

export interface HomeAssistantSession {
  /**
   * The library's connection. While it reconnects, commands (sendMessagePromise) and new
   * subscriptions wait and go out on the next socket; close() rejects those still waiting.
   */
  readonly connection: Connection;
  /** Every reconnect after the first connect, once the library has resubscribed. */
  onReconnected(listener: () => void): () => void;
  /** Settles once, when the session is over: after close(), or when a reconnect is refused. */
  readonly ended: Promise<SessionEnd>;
  close(): void;
}

/** Waits between reconnect attempts after the first (immediate) one, as the library's own loop. */
const RETRY_DELAYS_MS = [1_000, 2_000, 3_000, 4_000, 5_000];

/**
 * Connects once. Rejects with HomeAssistantAuthError when the token is refused, or with an Error
 * naming the URL when Home Assistant cannot be reached (the caller decides whether to retry).
 */
export async function connectHomeAssistant(options: HomeAssistantOptions): Promise<HomeAssistantSession> {
  const url = websocketUrl(options.url);
  if (options.token.trim() === '') throw new Error('The Home Assistant access token is empty');
  const log = options.log ?? (() => {});
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  let socket: HaWebSocket;
  try {
    socket = await openSocket({ url, token: options.token, timeoutMs, log });
  } catch (error) {
    throw firstConnectError(error, url);
  }
  return new Session(socket, url, options, timeoutMs, log);
}

function firstConnectError(error: unknown, url: string): Error {
  if (error instanceof SocketOpenError && error.kind === 'auth') {
    return new HomeAssistantAuthError(error.message);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new Error(`Cannot connect to Home Assistant at ${displayUrl(url)}: ${detail}`);
}

class Session implements HomeAssistantSession {
  readonly connection: Connection;
  readonly ended: Promise<SessionEnd>;
  private endSession!: (end: SessionEnd) => void;
  private readonly abort = new AbortController();
  private readonly reconnectedListeners = new Set<() => void>();
  private readonly keepalive: Keepalive;
  private resubscriptions: Promise<unknown>[] = [];
  /** Bumped on every disconnect, so a resubscription wait from an older socket is ignored. */
  private generation = 0;
  private authError: HomeAssistantAuthError | undefined;

  constructor(
    socket: HaWebSocket,
    private readonly url: string,
    private readonly options: HomeAssistantOptions,
    private readonly timeoutMs: number,
    private readonly log: (message: string) => void,
  ) {
    this.ended = new Promise((resolve) => (this.endSession = resolve));
    // The library calls createSocket only to reconnect (setupRetry is irrelevant here).
    this.connection = new Connection(socket, { setupRetry: 0, createSocket: () => this.reconnectSocket() });
    this.connection.addEventListener('disconnected', () => this.onDisconnected());
    this.connection.addEventListener('ready', () => this.onReady());
    this.connection.addEventListener('reconnect-error', () => this.onReconnectRefused());
    this.keepalive = new Keepalive(
      this.connection,
      options.pingIntervalMs ?? 30_000,
      options.pingTimeoutMs ?? 10_000,
      log,
    );
  }

  onReconnected(listener: () => void): () => void {
    const wrapped = (): void => listener();
    this.reconnectedListeners.add(wrapped);
    return () => this.reconnectedListeners.delete(wrapped);
  }

  close(): void {
    this.finish({ reason: 'closed' });
  }

  private finish(end: SessionEnd): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.keepalive.stop();
    this.reconnectedListeners.clear();
    this.connection.close();
    // Commands and subscriptions waiting for a socket (see onDisconnected) will not get one.
    const queued = this.connection._queuedMessages ?? [];
    this.connection._queuedMessages = undefined;
    for (const message of queued) message.reject?.(ERR_CONNECTION_LOST);
    this.endSession(end);
  }

  /**
   * The library keeps the subscriptions of the lost socket in `oldSubscriptions` and, on the next
   * socket, calls each one's `subscribe()`, whose promise settles when Home Assistant answered the
   * new subscription. Wrapping those calls is the only way to learn when resubscribing is done.
   * The library chains no rejection handler on them: a refused resubscription (the command is gone,
   * e.g. the integration was removed) would be an unhandled rejection, which ends the process. The
   * wrapper logs it and hands the library a no-op unsubscribe instead.
   */
  private onDisconnected(): void {
    this.generation++;
    this.resubscriptions = [];
    this.log('Lost the connection to Home Assistant; reconnecting');
    // Without a queue, a subscription made while disconnected is never sent (not even after the
    // reconnect) and its promise never settles. With one (the library's own mechanism after
    // suspendReconnectUntil), subscriptions and commands wait and go out on the next socket.
    this.connection._queuedMessages ??= [];
    for (const info of this.connection.oldSubscriptions?.values() ?? []) {
      if (!('subscribe' in info) || info.subscribe === undefined) continue;
      const subscribe = info.subscribe;
      info.subscribe = () => {
        const promise = subscribe().catch((error: unknown) => {
          this.log(`Home Assistant refused a resubscription after the reconnect: ${describeResultError(error)}`);
          return async () => {};
        });
        this.resubscriptions.push(promise);
        return promise;
      };
    }
  }

  /** Fired by the library right after it sent the resubscriptions on a new socket. */
  private onReady(): void {
    // close() came after the socket opened but before the library installed it.
    if (this.abort.signal.aborted) {
      this.connection.close();
      return;
    }
    const generation = this.generation;
    const pending = this.resubscriptions;
    this.resubscriptions = [];
    this.log('Reconnected to Home Assistant');
    void Promise.allSettled(pending).then(() => {
      if (generation !== this.generation || this.abort.signal.aborted) return;
      for (const listener of [...this.reconnectedListeners]) {
        try {
          listener();
        } catch (error) {
          this.log(`A reconnect listener failed: ${error instanceof Error ? error.stack : String(error)}`);
        }
      }
    });
  }

  private onReconnectRefused(): void {
    this.finish({
      reason: 'auth',
      error: this.authError ?? new HomeAssistantAuthError('auth_invalid'),
    });
  }

  /**
   * The library's createSocket for reconnects. Retries unreachable attempts itself (timers it can
   * cancel on close), rejects only for a refused token (ERR_INVALID_AUTH makes the library fire
   * 'reconnect-error' and stop), and once closed never settles, so the library neither installs a
   * socket nor schedules another attempt.
   */
  private async reconnectSocket(): Promise<HaWebSocket> {
    const signal = this.abort.signal;
    for (let attempt = 0; !signal.aborted; attempt++) {
      if (attempt > 0) {
        const delayMs = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1] ?? 5_000;
        await abortableDelay(delayMs, signal);
        if (signal.aborted) break;
      }
      try {
        const { url, timeoutMs, log } = this;
        const socket = await openSocket({ url, token: this.options.token, timeoutMs, log, signal });
        if (!signal.aborted) return socket;
        socket.close();
        break;
      } catch (error) {
        if (!(error instanceof SocketOpenError) || error.kind === 'aborted') break;
        if (error.kind === 'auth') {
          this.authError = new HomeAssistantAuthError(error.message);
          this.log(this.authError.message);
          throw ERR_INVALID_AUTH;
        }
        this.log(`Cannot reach Home Assistant at ${displayUrl(this.url)} (${error.message}); retrying`);
      }
    }
    return new Promise<never>(() => {});
  }
}

/** A `result` error ({code, message}) as the library rejects with it, or anything else. */
export function describeResultError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    return `${String(error.code)} ${String(error.message)}`;
  }
  return String(error);
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Pings every intervalMs while connected. A socket can stay open with nothing answering (a
 * suspended host, a dead NAT entry); a ping unanswered within timeoutMs discards that socket.
 */
class Keepalive {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly connection: Connection,
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly log: (message: string) => void,
  ) {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (!this.stopped) this.timer = setTimeout(() => this.beat(), this.intervalMs);
  }

  private beat(): void {
    const socket = this.connection.socket;
    if (!this.connection.connected || socket === undefined) {
      this.schedule();
      return;
    }
    let answered = false;
    const settle = (): boolean => {
      if (answered || this.stopped) return false;
      answered = true;
      clearTimeout(this.timer);
      this.schedule();
      return true;
    };
    this.timer = setTimeout(() => {
      // Only the socket that was pinged is discarded, not one opened since.
      if (settle() && this.connection.socket === socket) {
        this.log(`Home Assistant did not answer a ping within ${this.timeoutMs / 1000} s; reconnecting`);
        this.connection.reconnect(true);
      }
    }, this.timeoutMs);
    this.connection.ping().then(settle, settle);
  }
}
