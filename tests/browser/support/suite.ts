/**
 * The hooks of a browser test file: one Chromium for the file; per test a fresh copy of
 * floorplan/example.yaml behind a test sidecar and a fresh page, checked for page errors at the end.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { BrowserSession, type CardPage } from './browser.ts';
import { EntityFactory, loadExample } from './fixtures.ts';
import { TestSidecar } from './sidecar.ts';

export interface BrowserTest {
  card: CardPage;
  sidecar: TestSidecar;
  factory: EntityFactory;
}

/** Building the card and starting Chromium can take a while on a cold machine. */
const SETUP_TIMEOUT_MS = 180_000;
/** How long `expect.poll` waits for the page: a busy CI machine runs many test files at once. */
const POLL_TIMEOUT_MS = 10_000;

export function useBrowser(): () => BrowserTest {
  let session: BrowserSession | undefined;
  let factory: EntityFactory | undefined;
  let current: BrowserTest | undefined;

  beforeAll(async () => {
    vi.setConfig({ expect: { poll: { timeout: POLL_TIMEOUT_MS } } });
    [session, factory] = await Promise.all([BrowserSession.start(), loadExample().then((config) => new EntityFactory(config))]);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    vi.resetConfig();
    await session?.close();
  });

  beforeEach(async () => {
    const sidecar = await TestSidecar.start();
    const card = await session!.open(sidecar.handle);
    // What the sidecar streams by itself (layout_changed after an edit) reaches the page.
    sidecar.onEvent = (event) => void card.push(event).catch(() => {});
    current = { card, sidecar, factory: factory! };
  });

  afterEach(async () => {
    const test = current!;
    current = undefined;
    await test.card.close();
    await test.sidecar.stop();
    expect(test.card.errors, 'errors in the page').toEqual([]);
  });

  return () => {
    if (!current) throw new Error('useBrowser() gives its page inside a test only');
    return current;
  };
}
