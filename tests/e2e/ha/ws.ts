/**
 * A minimal Home Assistant websocket client for the harness itself (token creation, readiness
 * checks). Tests use home-assistant-js-websocket, as the sidecar does.
 */
import WebSocket from 'ws';

export class HaCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface HaSocket {
  command<T = unknown>(message: Record<string, unknown>): Promise<T>;
  /** Sends a subscribing command; its events go to `onEvent` from then on. */
  subscribe(message: Record<string, unknown>, onEvent: (event: unknown) => void): Promise<void>;
  close(): void;
}

/** Connects and authenticates with an access token (short- or long-lived). */
export function openHaSocket(wsUrl: string, token: string, timeoutMs = 10_000): Promise<HaSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    const listeners = new Map<number, (event: unknown) => void>();
    let nextId = 1;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`websocket ${wsUrl}: no auth_ok within ${timeoutMs} ms`));
    }, timeoutMs);

    const failAll = (error: Error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };

    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
      failAll(error);
    });
    socket.on('close', () => failAll(new Error('websocket closed')));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as Record<string, unknown>;
      switch (message.type) {
        case 'auth_required':
          socket.send(JSON.stringify({ type: 'auth', access_token: token }));
          return;
        case 'auth_invalid':
          clearTimeout(timer);
          socket.close();
          reject(new Error(`websocket auth_invalid: ${String(message.message)}`));
          return;
        case 'auth_ok':
          clearTimeout(timer);
          const send = <T>(body: Record<string, unknown>, onEvent?: (event: unknown) => void): Promise<T> => {
            const id = nextId++;
            // Registered before sending: the first event may follow the result at once.
            if (onEvent) listeners.set(id, onEvent);
            return new Promise<T>((res, rej) => {
              pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              socket.send(JSON.stringify({ ...body, id }));
            });
          };
          resolve({
            command: (body) => send(body),
            subscribe: async (body, onEvent) => void (await send(body, onEvent)),
            close: () => socket.close(),
          });
          return;
        case 'event':
          listeners.get(message.id as number)?.(message.event);
          return;
        case 'result': {
          const waiting = pending.get(message.id as number);
          if (!waiting) return;
          pending.delete(message.id as number);
          if (message.success) waiting.resolve(message.result);
          else {
            const error = (message.error ?? {}) as { code?: string; message?: string };
            waiting.reject(new HaCommandError(error.code ?? 'unknown', error.message ?? ''));
          }
          return;
        }
      }
    });
  });
}

/** Opens a connection, runs one command, closes. */
export async function haCommand<T = unknown>(wsUrl: string, token: string, message: Record<string, unknown>): Promise<T> {
  const socket = await openHaSocket(wsUrl, token);
  try {
    return await socket.command<T>(message);
  } finally {
    socket.close();
  }
}
