/**
 * The sidecar's own HTTP endpoint, read-only: `GET /health` (is it connected?) and `GET /status`
 * (the troubleshooting report). It listens on 127.0.0.1 unless configured otherwise; nothing here
 * writes, and no secret is in either answer.
 */
import { createServer, type Server } from 'node:http';

export interface HealthSource {
  health(): { connected: boolean; integration_attached: boolean };
  status(): object;
}

export async function startHealthServer(source: HealthSource, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (code: number, body: object): void => {
      res.writeHead(code, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
    };
    if (req.method !== 'GET') return send(405, { error: 'read-only: GET /health or /status' });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/health') {
      const health = source.health();
      return send(health.connected ? 200 : 503, health);
    }
    if (path === '/status') return send(200, source.status());
    return send(404, { error: 'not found: GET /health or /status' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
