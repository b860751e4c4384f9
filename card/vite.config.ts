/**
 * The card's bundle (`npm run build:card`): one ES module with Lit inside, served by the
 * integration from its folder (custom_components/floorplan/card.py), so Lovelace loads a single
 * file and no chunk can go missing.
 */
import { defineConfig } from 'vite';

const here = new URL('.', import.meta.url).pathname;
const outDir = `${here}../custom_components/floorplan/frontend`;

export default defineConfig({
  root: here,
  publicDir: false,
  build: {
    lib: {
      entry: `${here}index.ts`,
      formats: ['es'],
      fileName: () => 'floorplan-presence-card.js',
    },
    // The folder holds this bundle only; emptying it drops a stale one.
    outDir,
    emptyOutDir: true,
    target: 'es2021',
    minify: 'oxc',
    sourcemap: false,
    rolldownOptions: {
      // A library build keeps whitespace for a bundler downstream; this file goes to the browser as is.
      output: { codeSplitting: false, minify: true },
    },
  },
});
