/**
 * The demo page (`npm run build:demo`), built apart from the card: the page loads the card's own
 * bundle at run time, so nothing of the page reaches the card bundle or the other way round.
 */
import { defineConfig } from 'vite';

const here = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root: here,
  // The demo sidecar serves the page at /; see server/sinks/http/demo-server.ts.
  base: '/',
  build: {
    outDir: `${here}../../dist/demo`,
    emptyOutDir: true,
    // Top-level await in main.ts.
    target: 'es2022',
  },
});
