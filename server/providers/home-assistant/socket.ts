/**
 * One authenticated websocket to Home Assistant, over the `ws` package, shaped as the `HaWebSocket`
 * home-assistant-js-websocket expects. The library's own createSocket needs a global WebSocket
 * (Node 20 has none); this module replaces it without touching globals, and also guards what the
 * library does not: frames that are not JSON messages, exceptions thrown by message handlers and
 * socket errors after authentication would otherwise each crash the process.
 */
import WebSocket from 'ws';
import type { HaWebSocket } from 'home-assistant-js-websocket';

/** Why a socket could not be opened: the token was refused, or Home Assistant was not reached. */
export class SocketOpenError extends Error {
  constructor(
    readonly kind: 'auth' | 'unreachable' | 'aborted',
    message: string,
  ) {
    super(message);
    this.name = 'SocketOpenError';
  }
}

/**
 * The websocket address for a Home Assistant URL given as http(s):// or ws(s)://, with or without
 * a trailing slash or `/api/websocket` (a path prefix, as behind a reverse proxy, is kept).
 */
export function websocketUrl(url: string): string {
  const invalid = (why: string): Error =>
    new Error(
      `Invalid Home Assistant URL "${url}": ${why} (expected e.g. http://homeassistant.local:8123)`,
    );
  // Without "scheme://", "homeassistant.local:8123" would parse with "homeassistant.local:" as scheme.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim())) throw invalid('no http://, https://, ws:// or wss://');
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalid('not a URL');
  }
  const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[parsed.protocol];
  if (scheme === undefined) throw invalid(`unsupported scheme ${parsed.protocol}`);
  if (parsed.hostname === '') throw invalid('no host');
  if (parsed.search !== '' || parsed.hash !== '') throw invalid('no query or fragment allowed');
  const prefix = parsed.pathname.replace(/\/+$/, '').replace(/\/api(\/websocket)?$/, '');
  parsed.protocol = scheme;
  parsed.pathname = `${prefix}/api/websocket`;
  return parsed.href;
}

/** The URL for messages: without any user:password part. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

export interface OpenSocketOptions {
  /** From websocketUrl(). */
  url: string;
  token: string;
  /** Budget for opening and authenticating, after which the attempt counts as unreachable. */
  timeoutMs: number;
  log: (message: string) => void;
  /** Aborting gives up the attempt (rejects with kind 'aborted'). */
  signal?: AbortSignal;
}

/**
 * Opens a socket and runs the auth phase. Rejects with SocketOpenError: 'auth' when Home Assistant
 * answers auth_invalid, 'unreachable' for anything else that prevents auth_ok.
 */
export function openSocket(options: OpenSocketOptions): Promise<HaWebSocket> {
  const { url, token, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SocketOpenError('aborted', 'connection attempt aborted'));
      return;
    }
    const ws = new WebSocket(url, { handshakeTimeout: options.timeoutMs });
    let settled = false;
    let lastError = '';
    const finish = (outcome: { socket: HaWebSocket } | { error: SocketOpenError }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if ('socket' in outcome) {
        resolve(outcome.socket);
      } else {
        ws.terminate();
        reject(outcome.error);
      }
    };
    const unreachable = (why: string): void =>
      finish({ error: new SocketOpenError('unreachable', why) });
    const onAbort = (): void =>
      finish({ error: new SocketOpenError('aborted', 'connection attempt aborted') });
    const timer = setTimeout(
      () => unreachable(`no auth_ok within ${options.timeoutMs / 1000} s`),
      options.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort);

    const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
      const message = isBinary ? undefined : parseObject(data.toString());
      if (message === undefined || Array.isArray(message)) {
        unreachable('not a Home Assistant websocket (unexpected message during auth)');
        return;
      }
      switch (message.type) {
        case 'auth_required':
          ws.send(JSON.stringify({ type: 'auth', access_token: token }));
          break;
        case 'auth_ok': {
          const haVersion = typeof message.ha_version === 'string' ? message.ha_version : '0.0.0';
          const socket = new SocketAdapter(ws, haVersion, options.log);
          // Id 1 is reserved by the library for this message (its commands start at 2).
          if (atLeastVersion(haVersion, 2022, 9)) {
            ws.send(
              JSON.stringify({ id: 1, type: 'supported_features', features: { coalesce_messages: 1 } }),
            );
          }
          finish({ socket: socket as unknown as HaWebSocket });
          break;
        }
        case 'auth_invalid':
          finish({
            error: new SocketOpenError(
              'auth',
              typeof message.message === 'string' ? message.message : 'auth_invalid',
            ),
          });
          break;
        default:
          unreachable(`unexpected ${String(message.type)} message during auth`);
      }
    };
    const onClose = (code: number): void => {
      unreachable(lastError !== '' ? lastError : `socket closed during auth (code ${code})`);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    // Always listening: an unhandled 'error' event would throw. 'close' follows every error.
    ws.on('error', (error) => {
      lastError = describeError(error);
    });
  });
}

type MessageListener = (event: { data: string }) => void;
type CloseListener = (event: { code: number }) => void;

/** Grace for the closing handshake before the TCP socket is destroyed (a stalled peer never answers it). */
const CLOSE_GRACE_MS = 2_000;

/**
 * The part of the WebSocket interface the library uses (readyState, OPEN, send, close, add/remove
 * listeners for message and close), over a `ws` socket that is already authenticated.
 */
class SocketAdapter {
  readonly OPEN = WebSocket.OPEN;
  private readonly messageListeners = new Set<MessageListener>();
  private readonly closeListeners = new Set<CloseListener>();

  constructor(
    private readonly ws: WebSocket,
    readonly haVersion: string,
    private readonly log: (message: string) => void,
  ) {
    ws.on('message', (data, isBinary) => this.dispatchMessage(data, isBinary));
    ws.on('close', (code) => {
      for (const listener of [...this.closeListeners]) listener({ code });
    });
    ws.on('error', (error) => this.log(`Home Assistant socket error: ${describeError(error)}`));
  }

  get readyState(): number {
    return this.ws.readyState;
  }

  send(data: string): void {
    this.ws.send(data);
  }

  close(): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  addEventListener(type: string, listener: MessageListener | CloseListener): void {
    if (type === 'message') this.messageListeners.add(listener as MessageListener);
    else if (type === 'close') this.closeListeners.add(listener as CloseListener);
  }

  removeEventListener(type: string, listener: MessageListener | CloseListener): void {
    if (type === 'message') this.messageListeners.delete(listener as MessageListener);
    else if (type === 'close') this.closeListeners.delete(listener as CloseListener);
  }

  private dispatchMessage(data: WebSocket.RawData, isBinary: boolean): void {
    const text = isBinary ? '' : data.toString();
    // The library JSON.parses every frame and reads `.id` of each message, unguarded.
    const parsed = isBinary ? undefined : parseObject(text);
    if (parsed === undefined || (Array.isArray(parsed) && !parsed.every(isObject))) {
      this.log(`Ignored a frame from Home Assistant that is not a JSON message: ${preview(text)}`);
      return;
    }
    for (const listener of [...this.messageListeners]) {
      try {
        listener({ data: text });
      } catch (error) {
        // A throwing subscriber must not take the process down from inside the socket's event.
        this.log(`Handling a Home Assistant message failed: ${errorStack(error)}`);
      }
    }
  }
}

function parseObject(text: string): Record<string, unknown> | unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) || isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(text: string): string {
  return text === '' ? '(binary)' : JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

function errorStack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Same test as the library's atLeastHaVersion (which it does not export). */
function atLeastVersion(version: string, major: number, minor: number): boolean {
  const [haMajor = 0, haMinor = 0] = version.split('.', 2).map(Number);
  return haMajor > major || (haMajor === major && haMinor >= minor);
}
