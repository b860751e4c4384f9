/**
 * The demo page (`npm start` without Home Assistant): a newcomer opens the printed address and
 * sees people moving on the plan.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pageErrors } from './support/browser.ts';
import { startDemo, type RunningDemo } from './support/demo.ts';
import { OUT_DIR } from './support/paths.ts';
import { centres, ENTITY } from './support/plan.ts';

describe('the demo page', () => {
  let demo: RunningDemo | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), demo?.stop()]);
  });

  it('shows the simulated people moving on the plan', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = pageErrors(page);
    await page.goto(demo!.url);
    // The page marks itself live once positions with coordinates reached the card.
    await page.locator('html[data-demo="live"]').waitFor({ timeout: 20_000 });
    const card = page.locator('floorplan-presence-card');
    await expect.poll(() => card.locator(ENTITY).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // People walk at about 1 m/s: within a few seconds someone's marker has moved by pixels.
    const before = await centres(card);
    const moved = async (): Promise<number> => {
      const now = await centres(card);
      const shifts = Object.entries(now).map(([id, [x, y]]) => (before[id] ? Math.hypot(x - before[id][0], y - before[id][1]) : 0));
      return Math.max(0, ...shifts);
    };
    await expect.poll(moved, { timeout: 5_000, interval: 250 }).toBeGreaterThan(3);

    // The stats card beside it reads the demo's history: asked again (the week), it lists who is home.
    const stats = page.locator('floorplan-presence-stats-card');
    await stats.locator('button.range[data-range="week"]').click();
    await expect.poll(() => stats.locator('section.home li[data-entity-id]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(errors, `page errors; demo log:\n${demo!.log()}`).toEqual([]);
    await page.screenshot({ path: join(OUT_DIR, 'demo.png') });
  });
});
