/**
 * Chromium with the card's test page. Debian's Chromium is used (tests/browser/chromium.sh installs
 * it); Playwright's browser downloads do not work here.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { CardStreamEvent } from '../../../server/sinks/card/messages.ts';
import { ensureCardBundle } from './bundle.ts';
import type { ScheduledEvent } from './fixtures.ts';
import { OUT_DIR } from './paths.ts';
import { startTestServer, type TestServer } from './server.ts';

export const CHROMIUM = process.env['FLOORPLAN_CHROMIUM'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Collects the page's uncaught exceptions and console errors, for a test to assert there are none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => void (msg.type() === 'error' && errors.push(`${msg.text()} (${msg.location().url})`)));
  return errors;
}

/** Answers the card's `floorplan/call` requests in the test process; throw `{code, message}` to refuse. */
export type CallHandler = (name: string, data: unknown) => Promise<unknown> | unknown;

export interface MountOptions {
  config: { type: string } & Record<string, unknown>;
  dark?: boolean;
  isAdmin?: boolean;
  /** Width of the card's column, CSS pixels (default 600). */
  width?: number;
}

/** `globalThis.fp` of page/harness.js. */
interface Harness {
  mount(options: MountOptions): Promise<void>;
  mountEditor(options: MountOptions): Promise<void>;
  setTheme(dark: boolean): void;
  push(event: CardStreamEvent): void;
  calls(): string[];
  events(): { type: string; detail: unknown }[];
  stage(schedule: ScheduledEvent[]): void;
  /** Plays `schedule`, else the staged one. */
  replay(schedule?: ScheduledEvent[]): Promise<void>;
}

/** One browser and one page server for a test file. */
export class BrowserSession {
  private constructor(
    readonly browser: Browser,
    private readonly server: TestServer,
  ) {}

  static async start(): Promise<BrowserSession> {
    const bundle = await ensureCardBundle();
    const [browser, server] = await Promise.all([launchChromium(), startTestServer(bundle)]);
    return new BrowserSession(browser, server);
  }

  /** A fresh page with the harness and the card loaded; `handler` answers its requests. */
  async open(handler: CallHandler, viewport = { width: 900, height: 800 }): Promise<CardPage> {
    const page = await this.browser.newPage({ viewport });
    const errors = pageErrors(page);
    await page.exposeFunction('fpBackend', async (name: string, data: unknown) => {
      try {
        return { result: await handler(name, data) };
      } catch (err) {
        const { code = 'failed', message = String(err) } = err as { code?: string; message?: string };
        return { error: { code, message } };
      }
    });
    await page.goto(this.server.url);
    return new CardPage(page, errors);
  }

  async close(): Promise<void> {
    await Promise.all([this.browser.close(), this.server.close()]);
  }
}

export class CardPage {
  constructor(
    readonly page: Page,
    /** Uncaught exceptions and console errors of the page, for tests to assert there are none. */
    readonly errors: string[],
  ) {}

  /** Calls a method of the page's harness; arguments and result cross as JSON. */
  harness<K extends keyof Harness>(method: K, ...args: Parameters<Harness[K]>): Promise<Awaited<ReturnType<Harness[K]>>> {
    return this.page.evaluate(
      ([name, params]) => (globalThis as unknown as { fp: Record<string, (...a: unknown[]) => unknown> }).fp[name]!(...params),
      [method, args] as const,
    ) as Promise<Awaited<ReturnType<Harness[K]>>>;
  }

  mount(options: MountOptions): Promise<void> {
    return this.harness('mount', options);
  }

  push(event: CardStreamEvent): Promise<void> {
    return this.harness('push', event);
  }

  /** The card element; Playwright's CSS locators reach into its shadow root. */
  get card(): Locator {
    return this.page.locator('floorplan-presence-card');
  }

  /** The stats card element. */
  get stats(): Locator {
    return this.page.locator('floorplan-presence-stats-card');
  }

  /** Computed style properties of the element a locator points at. */
  style(locator: Locator, names: string[]): Promise<Record<string, string>> {
    return locator.evaluate(
      (el, props) => (globalThis as unknown as { fp: { style(e: unknown, p: string[]): Record<string, string> } }).fp.style(el, props),
      names,
    );
  }

  /** Saves a screenshot of the card under tests/browser/out/ (look at them after a change). */
  async screenshot(name: string, target: Locator = this.page.locator('#root')): Promise<string> {
    await mkdir(OUT_DIR, { recursive: true });
    const path = join(OUT_DIR, `${name}.png`);
    await target.screenshot({ path, animations: 'disabled' });
    return path;
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
