/** A tiny static server for the test page: the harness, then the card bundle as Home Assistant loads it. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const PAGE = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>floorplan-presence-card test page</title>
<style>
  body { margin: 0; padding: 16px; background: var(--primary-background-color); color: var(--primary-text-color);
    font-family: Roboto, Noto, sans-serif; }
</style>
<script src="/harness.js"></script>
<script type="module" src="/card.js"></script>
</head>
<body><div id="root"></div></body>
</html>
`;

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(bundle: string): Promise<TestServer> {
  const files: Record<string, { path: string; type: string } | { text: string; type: string }> = {
    '/': { text: PAGE, type: 'text/html' },
    '/harness.js': { path: join(import.meta.dirname, 'page', 'harness.js'), type: 'text/javascript' },
    '/card.js': { path: bundle, type: 'text/javascript' },
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files[path];
    // Chromium asks for a favicon: no content rather than a 404 in the page's console.
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    // Read on every request: a rebuilt bundle is served without restarting.
    const body = 'text' in file ? Promise.resolve(file.text) : readFile(file.path);
    body.then(
      (content) => res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(content),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
