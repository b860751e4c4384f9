/**
 * The demo's web server: the demo page, the card's bundle, `/health`, and a websocket at
 * `/api/websocket` speaking the part of Home Assistant's websocket protocol the card uses, without
 * authentication (it listens on 127.0.0.1 unless told otherwise):
 *   {id, type: 'floorplan/call', name, data}    → {id, type: 'result', success, result | error: {code, message}}
 *   {id, type: 'floorplan/subscribe'}           → result null, then {id, type: 'event', event: CardStreamEvent}…
 *   {id, type: 'unsubscribe_events', subscription}
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ServiceError } from '../../services/errors.ts';
import type { CardStreamEvent } from '../card/messages.ts';

/** What the server serves: the demo session behind it. */
export interface DemoBackend {
  /** Answers a `floorplan/call` (a service or a card request); throws a ServiceError for a clear error. */
  call(name: string, data: unknown): Promise<object>;
  /** Streams the card's events to `listener`, starting with `connected`; returns the stop. */
  subscribe(listener: (event: CardStreamEvent) => void): () => void;
  health(): object;
}

export interface DemoServerOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  /** The built demo page (index.html and its assets). */
  pageDir: string;
  /** The card's bundle, served at /floorplan-presence-card.js. */
  cardBundle: string;
}

export interface DemoServer {
  /** http://host:port/ as bound. */
  url: string;
  close(): Promise<void>;
}

export const WEBSOCKET_PATH = '/api/websocket';
const CARD_PATH = '/floorplan-presence-card.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

type Incoming = { id?: unknown; type?: unknown } & Record<string, unknown>;

export async function startDemoServer(backend: DemoBackend, options: DemoServerOptions): Promise<DemoServer> {
  const server = createServer((req, res) => void serveHttp(backend, options, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  // Only once listening: the websocket server re-emits a listen error (port in use), unhandled.
  const sockets = new WebSocketServer({ server, path: WEBSOCKET_PATH });
  sockets.on('connection', (socket) => serveSocket(backend, socket));
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveHttp(backend: DemoBackend, options: DemoServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const sendText = (code: number, text: string): void => void res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
  if (req.method !== 'GET') return sendText(405, 'read-only: GET');
  if (path === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end(`${JSON.stringify(backend.health())}\n`);

  const file = path === CARD_PATH ? options.cardBundle : pageFile(options.pageDir, path === '/' ? '/index.html' : path);
  if (file === null) return sendText(404, 'not found');
  try {
    const body = await readFile(file);
    // The card and the page are rebuilt while the demo runs: never serve a stale copy.
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return sendText(500, `could not read ${file}: ${(err as Error).message}`);
    if (path === CARD_PATH) return sendText(404, `the card is not built (${file} is missing): run \`npm run build:card\``);
    if (path === '/') return sendText(404, `the demo page is not built (${file} is missing): run \`npm run build:demo\``);
    sendText(404, 'not found');
  }
}

/** The file under `dir` for a URL path; null for a path that would leave it. */
function pageFile(dir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = normalize(decoded).replace(/^[/\\]+/, '');
  if (relative.startsWith('..') || relative.split(sep).includes('..')) return null;
  return join(dir, relative);
}

function serveSocket(backend: DemoBackend, socket: WebSocket): void {
  const subscriptions = new Map<number, () => void>();
  const send = (message: object): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const result = (id: number, value: unknown): void => send({ id, type: 'result', success: true, result: value });
  const error = (id: number | null, code: string, message: string): void => send({ id, type: 'result', success: false, error: { code, message } });

  socket.on('message', (data) => {
    let message: Incoming;
    try {
      message = JSON.parse(String(data)) as Incoming;
    } catch {
      return error(null, 'invalid_format', 'not JSON');
    }
    const { id, type } = message;
    if (typeof id !== 'number' || typeof type !== 'string') return error(null, 'invalid_format', 'a message needs a numeric id and a type');
    switch (type) {
      case 'floorplan/call': {
        if (typeof message['name'] !== 'string') return error(id, 'invalid_format', '`name` must be text');
        backend.call(message['name'], message['data']).then(
          (response) => result(id, response),
          (err: unknown) =>
            err instanceof ServiceError ? error(id, err.code, err.message) : error(id, 'failed', err instanceof Error ? err.message : String(err)),
        );
        return;
      }
      case 'floorplan/subscribe':
        result(id, null);
        subscriptions.set(id, backend.subscribe((event) => send({ id, type: 'event', event })));
        return;
      case 'unsubscribe_events': {
        const stop = subscriptions.get(message['subscription'] as number);
        if (stop === undefined) return error(id, 'not_found', 'Subscription not found.');
        stop();
        subscriptions.delete(message['subscription'] as number);
        return result(id, null);
      }
      case 'ping':
        return send({ id, type: 'pong' });
      default:
        return error(id, 'unknown_command', `unknown command ${type}: the demo answers floorplan/call, floorplan/subscribe and unsubscribe_events`);
    }
  });
  socket.on('close', () => {
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
}
