/**
 * The card's editor in Chromium, saving through the real sidecar code (callService → card_edit)
 * into a temporary copy of floorplan/example.yaml: what reaches the file is checked on disk.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config/load.ts';
import { EXAMPLE_CONFIG } from './support/paths.ts';
import type { ScreenPoint } from './support/plan.ts';
import { useBrowser, type BrowserTest } from './support/suite.ts';

const browser = useBrowser();
const CARD = { type: 'custom:floorplan-presence-card' };
const PLAN_EDITOR = 'floorplan-presence-plan-editor';
const SAVE = `${PLAN_EDITOR} button[data-action="save"]`;
const STATUS = `${PLAN_EDITOR} .status[data-state]`;
const ERROR = `${PLAN_EDITOR} .error[role="alert"]`;

/** Opens the editor on its Floor plan tab. */
async function openPlanEditor(test: BrowserTest): Promise<Locator> {
  await test.card.harness('mountEditor', { config: CARD });
  await test.card.page.locator('button[data-tab="plan"]').click();
  const editor = test.card.page.locator(PLAN_EDITOR);
  await editor.locator('svg.plan').waitFor();
  return editor;
}

/** Where plan metres are on screen, as the plan editor says. */
function planToClient(editor: Locator, point: [number, number]): Promise<ScreenPoint> {
  return editor.evaluate((el: { planToClient(p: [number, number]): ScreenPoint }, p) => el.planToClient(p), point);
}

/** A mouse drag in small steps, as a hand makes it. */
async function drag(page: Page, from: ScreenPoint, to: ScreenPoint): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 12 });
  await page.mouse.up();
}

function changedLines(before: string, after: string): { line: number; before: string; after: string }[] {
  const [a, b] = [before.split('\n'), after.split('\n')];
  expect(b).toHaveLength(a.length);
  return a.flatMap((text, i) => (text === b[i] ? [] : [{ line: i + 1, before: text, after: b[i]! }]));
}

describe('the card options', () => {
  it('sends a changed number option, drops it again at its default, and keeps a value the card refuses out', async () => {
    const test = browser();
    await test.card.harness('mountEditor', { config: CARD });
    const trail = test.card.page.locator('input[data-option="trail"]');
    const lastConfig = async () => {
      const events = (await test.card.harness('events')) as { type: string; detail: { config?: Record<string, unknown> } | null }[];
      return events.filter((e) => e.type === 'config-changed').at(-1)?.detail?.config;
    };
    await trail.fill('10');
    await trail.press('Enter');
    await expect.poll(lastConfig).toEqual({ ...CARD, trail: 10 });
    await trail.fill('30');
    await trail.press('Enter');
    await expect.poll(lastConfig).toEqual(CARD);
    await trail.fill('-5');
    await trail.press('Enter');
    await expect.poll(() => test.card.page.locator('floorplan-presence-card-editor .error').textContent()).toMatch(/trail must be a number of seconds ≥ 0/);
    expect(await lastConfig()).toEqual(CARD);
  });
});

describe('the plan editor', () => {
  it('renames a node in its panel and writes only its name', async () => {
    const test = browser();
    const original = await test.sidecar.text();
    const editor = await openPlanEditor(test);
    await editor.locator('circle[data-node-id="D4-8A-FC-10-00-04"]').click();
    const name = editor.locator('[data-panel="node"] input[data-field="name"]');
    await name.fill('Study desk');
    await name.press('Enter');
    await expect.poll(() => test.card.page.locator(STATUS).getAttribute('data-state')).toBe('unsaved');
    await test.card.page.locator(SAVE).click();
    await expect.poll(() => test.card.page.locator(STATUS).getAttribute('data-state')).toBe('saved');
    const changes = changedLines(original, await test.sidecar.text());
    expect(changes.map((c) => [c.before, c.after])).toEqual([['      name: Study', '      name: Study desk']]);
  });

  it('moves a node by dragging it and saves only its coordinates to floorplan.yaml', async () => {
    const test = browser();
    const original = await test.sidecar.text();
    const editor = await openPlanEditor(test);
    const node = 'D4:8A:FC:10:00:01';
    const handle = editor.locator(`circle[data-node-id="${node}"]`);
    await handle.waitFor();

    // From (0.4, 0.4) by (+1.6, +1.1) m: the 0.1 m snap grid absorbs sub-pixel rounding.
    await drag(test.card.page, await planToClient(editor, [0.4, 0.4]), await planToClient(editor, [2.0, 1.5]));
    await expect.poll(() => test.card.page.locator(STATUS).getAttribute('data-state')).toBe('unsaved');
    await test.card.screenshot('editor-dragged', editor);
    await test.card.page.locator(SAVE).click();
    await expect.poll(() => test.card.page.locator(STATUS).getAttribute('data-state')).toBe('saved');
    expect(await test.card.page.locator(ERROR).count()).toBe(0);

    // One line changed: the node's coordinates; every comment, quote and key stays as written.
    const saved = await test.sidecar.text();
    const changes = changedLines(original, saved);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.before).toBe('      coordinates: [0.4, 0.4, 1.0]');
    expect(changes[0]!.after).toMatch(/^ {6}coordinates: \[2(\.0)?, 1\.5, 1(\.0)?\]$/);
    expect(original.split('\n')[changes[0]!.line - 3]).toBe('    "D4:8A:FC:10:00:01": # living room, bookshelf');

    const [before, after] = await Promise.all([loadConfigFile(EXAMPLE_CONFIG), loadConfigFile(test.sidecar.file)]);
    const nodes = (config: typeof before) => config.config!.beaconNodes.map((n) => [n.id, n.coordinates]);
    expect(nodes(after)).toEqual(nodes(before).map(([id, at]) => [id, id === node ? [2, 1.5, 1] : at]));
    // The sidecar uses the new plan from now on.
    expect(test.sidecar.changes).toHaveLength(1);
    await test.card.screenshot('editor-saved', editor);
  });

  it('refuses a room outline that crosses itself, shows why and leaves the file alone', async () => {
    const test = browser();
    const original = await test.sidecar.text();
    const editor = await openPlanEditor(test);

    // Select the study (7–10 × 0–3.5), then drag its corner (7, 0) past the opposite edge.
    const study = editor.locator('polygon[data-room-id="study"]');
    await study.click({ position: await offsetIn(study, editor, [7.5, 2.8]) });
    const corner = editor.locator('rect.vertex[data-vertex-index="0"]');
    await corner.waitFor();
    await drag(test.card.page, await planToClient(editor, [7, 0]), await planToClient(editor, [8.5, 5]));
    await expect.poll(() => test.card.page.locator(STATUS).getAttribute('data-state')).toBe('unsaved');
    await test.card.page.locator(SAVE).click();

    const error = test.card.page.locator(ERROR);
    await error.waitFor();
    expect(await error.textContent()).toMatch(/study.*crosses itself|crosses itself.*study/s);
    await test.card.screenshot('editor-invalid', editor);
    // Nothing written, nothing applied; the unsaved outline is kept for the user to fix.
    expect(await readFile(test.sidecar.file, 'utf8')).toBe(original);
    expect(test.sidecar.changes).toHaveLength(0);
    expect(await test.card.page.locator(STATUS).getAttribute('data-state')).toBe('unsaved');
  });
});

/** A point of the plan as a click position inside an element's box. */
async function offsetIn(target: Locator, editor: Locator, point: [number, number]): Promise<{ x: number; y: number }> {
  const [box, [x, y]] = await Promise.all([target.boundingBox(), planToClient(editor, point)]);
  return { x: x - box!.x, y: y - box!.y };
}
