/**
 * Runs a real Home Assistant (2024.3.3, from the venv of tests/ha/venv.sh) for end-to-end tests:
 * a throw-away config directory, HTTP on 127.0.0.1 and a free port, onboarding done through the
 * REST API like the frontend does it, and a long-lived access token of the administrator.
 *
 *   const ha = await startHomeAssistant({ bermuda: { scanners: {...}, devices: {...} } });
 *   // ha.url, ha.token, ha.restart(), ha.stop(), ha.logTail()
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { haCommand, openHaSocket } from './ws.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const VENV_SCRIPT = join(ROOT, 'tests', 'ha', 'venv.sh');
export const BERMUDA_COMPONENT = join(ROOT, 'tests', 'ha', 'bermuda', 'custom_components', 'bermuda');
export const FLOORPLAN_COMPONENT = join(ROOT, 'custom_components', 'floorplan');

export const ADMIN = { name: 'Floorplan Admin', username: 'admin', password: 'floorplan-e2e-password' } as const;
const LOG_FILE = 'hass.log';
const PROBE_TIMEOUT_MS = 5_000;

export interface BermudaScanner {
  /** Device name of the ESPHome proxy (entity names say "Distance to <name>"). */
  name: string;
  /** Area the proxy's device is placed in (created if missing). */
  area?: string;
  /** Address the proxy reports adverts from; defaults to the WiFi MAC (ESPHome before 2025.3). */
  ble_mac?: string;
}

export interface BermudaDevice {
  name: string;
  /** Initial state of its device_tracker (default true); `bermuda.set_presence` changes it. */
  home?: boolean;
}

/** The test Bermuda's configuration.yaml section. Keys: scanner WiFi MACs, device addresses. */
export interface BermudaConfig {
  scanners: Record<string, BermudaScanner>;
  devices: Record<string, BermudaDevice>;
}

export interface StartOptions {
  /** Install the test-only Bermuda and configure it (it needs no other integration). */
  bermuda?: BermudaConfig;
  /** Install `custom_components/floorplan` from the repository (configure it with `configuration`). */
  floorplan?: boolean;
  /** More custom integrations: domain → directory to copy. */
  customComponents?: Record<string, string>;
  /** More top-level configuration.yaml sections (replace the harness's own of the same name). */
  configuration?: Record<string, unknown>;
  /** Raw YAML appended to configuration.yaml. */
  extraYaml?: string;
  /** Files to write into the config directory, by relative path (e.g. `floorplan/floorplan.yaml`). */
  files?: Record<string, string>;
  /** Log levels by logger, e.g. `{ 'custom_components.floorplan': 'debug' }`. */
  logs?: Record<string, string>;
  /** Domains whose setup (and config entries) start and restart wait for; bermuda's is added. */
  waitFor?: string[];
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export interface FlowResult {
  type: string;
  flow_id?: string;
  step_id?: string;
  reason?: string;
  errors?: Record<string, string> | null;
  result?: { entry_id: string; domain: string; title: string; state: string };
  [key: string]: unknown;
}

export interface HomeAssistant {
  url: string;
  wsUrl: string;
  port: number;
  /** Long-lived access token of the administrator. */
  token: string;
  configDir: string;
  /** Milliseconds from spawning `hass` to ready (first start, then each restart), and to stop. */
  readonly timings: { starts: number[]; stops: number[] };
  /** One websocket command with the long-lived token (a fresh connection each time). */
  command<T = unknown>(message: Record<string, unknown>): Promise<T>;
  /** A REST call with the long-lived token, JSON in and out; throws on a status >= 400. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /**
   * Runs a config flow (source `user`) through the REST API as the UI does, answering each form
   * with the next of `inputs`; returns the last result (`type` is `create_entry`, `abort`, or
   * `form` when the inputs ran out).
   */
  configFlow(domain: string, inputs?: Record<string, unknown>[]): Promise<FlowResult>;
  /** Stops Home Assistant and starts it again on the same directory and port; resolves when ready
   * with the start time in ms. */
  restart(): Promise<number>;
  /** SIGTERM, then SIGKILL after `stopTimeoutMs`; removes the directory unless FLOORPLAN_HA_KEEP is set. */
  stop(): Promise<void>;
  /** The last lines of hass's stdout/stderr. */
  logTail(lines?: number): string;
  /** The ERROR lines logged so far. */
  logErrors(): string[];
}

// ---------------------------------------------------------------------------------------------
// The virtualenv

let venvPromise: Promise<string> | undefined;

/** The venv with Home Assistant (installs it on first use; honours FLOORPLAN_HA_VENV). */
export function haVenv(): Promise<string> {
  venvPromise ??= (async () => {
    return run('bash', [VENV_SCRIPT], 15 * 60_000);
  })();
  venvPromise.catch(() => (venvPromise = undefined));
  return venvPromise;
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(stdout.trim().split('\n').pop() ?? '');
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-4000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Processes: none may outlive the test runner

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

/**
 * Started through Python so that the kernel kills Home Assistant when this process dies without
 * running its exit handlers (a killed test worker): PR_SET_PDEATHSIG survives the exec.
 */
const LAUNCHER = `
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
except AttributeError:
    pass  # elsewhere only the exit handler stops it
if os.getppid() != int(sys.argv[1]):
    os._exit(1)  # the parent died before prctl
os.execv(sys.executable, [sys.executable, "-m", "homeassistant", *sys.argv[2:]])
`;

// ---------------------------------------------------------------------------------------------

export async function startHomeAssistant(options: StartOptions = {}): Promise<HomeAssistant> {
  const venv = await haVenv();
  const python = join(venv, 'bin', 'python');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/api/websocket`;
  const configDir = await mkdtemp(join(tmpdir(), 'floorplan-ha-'));
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 20_000;
  const logPath = join(configDir, LOG_FILE);
  const waitFor = [...(options.waitFor ?? [])];
  if (options.bermuda && !waitFor.includes('bermuda')) waitFor.push('bermuda');

  try {
    await writeConfigDir(configDir, port, options);
  } catch (error) {
    await rm(configDir, { recursive: true, force: true });
    throw error;
  }

  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let token = '';
  const timings = { starts: [] as number[], stops: [] as number[] };

  const logTail = (lines = 60): string => {
    if (!existsSync(logPath)) return '(no log)';
    return readFileSync(logPath, 'utf8').split('\n').slice(-lines - 1).join('\n');
  };
  const fail = (message: string): Error =>
    new Error(`${message}\n--- ${logPath} (last lines) ---\n${logTail()}`);

  const spawnHass = (): void => {
    const fd = openSync(logPath, 'a');
    try {
      child = spawn(
        python,
        ['-c', LAUNCHER, String(process.pid), '-c', configDir, '--skip-pip', '--log-no-color'],
        { cwd: configDir, stdio: ['ignore', fd, fd], env: { ...process.env, PYTHONUNBUFFERED: '1' } },
      );
    } finally {
      closeSync(fd);
    }
    track(child);
    const proc = child;
    exited = new Promise((resolveExit) => proc.once('exit', (code) => resolveExit(code)));
  };

  /** Resolves when `probe` resolves true; fails fast when hass exits. */
  const until = async (what: string, deadline: number, probe: () => Promise<boolean>): Promise<void> => {
    let died = false;
    void exited.then(() => (died = true));
    let lastError: unknown;
    for (;;) {
      if (died) throw fail(`Home Assistant exited (code ${await exited}) while waiting for ${what}`);
      try {
        // A hung event loop accepts connections but never answers.
        if (await withTimeout(probe(), PROBE_TIMEOUT_MS)) return;
      } catch (error) {
        if (error instanceof Fatal) throw fail(error.message);
        lastError = error;
      }
      if (Date.now() > deadline) {
        throw fail(`Home Assistant: no ${what} within ${startTimeoutMs} ms (${String(lastError ?? 'not yet')})`);
      }
      await sleep(100);
    }
  };

  const boot = async (): Promise<void> => {
    const started = Date.now();
    const deadline = started + startTimeoutMs;
    spawnHass();
    // Before onboarding only /api/onboarding answers without a token (after it, it is gone); a
    // request with no or a bad token would log a failed login and raise a notification.
    await until('HTTP API', deadline, async () =>
      token
        ? (await fetch(`${url}/api/`, { headers: { authorization: `Bearer ${token}` } })).ok
        : (await fetch(`${url}/api/onboarding`)).ok,
    );
    if (!token) token = await onboard(url, wsUrl);
    await until('state RUNNING', deadline, async () => {
      const config = await haCommand<{ state: string; components: string[] }>(wsUrl, token, { type: 'get_config' });
      if (config.state !== 'RUNNING') return false;
      // Once running, every integration of the configuration has been set up, or has failed.
      const missing = waitFor.filter((domain) => !config.components.includes(domain));
      if (missing.length) throw new Fatal(`not set up: ${missing.join(', ')}`);
      return true;
    });
    for (const domain of waitFor) {
      await until(`${domain} set up`, deadline, async () => {
        const entries = await haCommand<{ state: string }[]>(wsUrl, token, { type: 'config_entries/get', domain });
        const broken = entries.find((e) => ['setup_error', 'migration_error', 'failed_unload'].includes(e.state));
        if (broken) throw new Fatal(`the config entry of ${domain} failed: ${broken.state}`);
        // The test Bermuda's entry comes from a YAML import that may still be running.
        if (domain === 'bermuda' && entries.length === 0) return false;
        return entries.every((e) => e.state === 'loaded');
      });
    }
    timings.starts.push(Date.now() - started);
  };

  const terminate = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const started = Date.now();
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
    timings.stops.push(Date.now() - started);
  };

  try {
    await boot();
  } catch (error) {
    await terminate();
    throw error;
  }

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };

  return {
    url,
    wsUrl,
    port,
    get token() {
      return token;
    },
    configDir,
    timings,
    command: <T>(message: Record<string, unknown>) => haCommand<T>(wsUrl, token, message),
    api,
    async configFlow(domain, inputs = []) {
      let result = await api<FlowResult>('POST', '/api/config/config_entries/flow', {
        handler: domain,
        show_advanced_options: false,
      });
      for (const input of inputs) {
        if (result.type !== 'form') break;
        result = await api<FlowResult>('POST', `/api/config/config_entries/flow/${result.flow_id}`, input);
      }
      return result;
    },
    async restart() {
      await terminate();
      try {
        await boot();
      } catch (error) {
        await terminate();
        throw error;
      }
      return timings.starts[timings.starts.length - 1] ?? 0;
    },
    async stop() {
      await terminate();
      if (!process.env.FLOORPLAN_HA_KEEP) await rm(configDir, { recursive: true, force: true });
    },
    logTail,
    logErrors() {
      if (!existsSync(logPath)) return [];
      return readFileSync(logPath, 'utf8')
        .split('\n')
        .filter((line) => / ERROR \(/.test(line));
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function writeConfigDir(dir: string, port: number, options: StartOptions): Promise<void> {
  // Home Assistant 2024.3 always sets up `frontend` (and falls into recovery mode without it), but
  // the frontend's own package is 30 MB of JavaScript no test needs: serve an empty dev build.
  const frontendStub = join(dir, '.frontend-stub');
  mkdirSync(join(frontendStub, 'hass_frontend'), { recursive: true });
  writeFileSync(join(frontendStub, 'hass_frontend', 'index.html'), '<!doctype html><title>Home Assistant</title>\n');

  const config: Record<string, unknown> = {
    // Fixed core config: no location detection over the network, no repair about the country.
    homeassistant: {
      name: 'Floorplan E2E',
      latitude: 52.3731,
      longitude: 4.8922,
      elevation: 0,
      unit_system: 'metric',
      time_zone: 'UTC',
      country: 'NL',
      currency: 'EUR',
    },
    frontend: { development_repo: frontendStub },
    http: { server_host: '127.0.0.1', server_port: port },
    api: null,
    websocket_api: null,
    config: null,
    onboarding: null,
    person: null,
    logger: { default: 'warning', logs: options.logs ?? {} },
    ...(options.bermuda ? { bermuda: options.bermuda } : {}),
    ...options.configuration,
  };
  // Home Assistant reads YAML 1.1: an all-digit MAC key would be a base-60 number, `on` a boolean.
  let yaml = toYaml(config, { version: '1.1', nullStr: '' });
  if (options.extraYaml) yaml += `\n${options.extraYaml}\n`;
  await writeFile(join(dir, 'configuration.yaml'), yaml);

  const components: Record<string, string> = { ...options.customComponents };
  if (options.bermuda) components.bermuda = BERMUDA_COMPONENT;
  if (options.floorplan) components.floorplan = FLOORPLAN_COMPONENT;
  for (const [domain, source] of Object.entries(components)) {
    if (!existsSync(join(source, 'manifest.json'))) throw new Error(`custom integration ${domain}: no manifest.json in ${source}`);
    // Copied, not linked: Python would write __pycache__ into the repository.
    cpSync(source, join(dir, 'custom_components', domain), {
      recursive: true,
      filter: (path) => !path.includes('__pycache__'),
    });
  }

  for (const [relative, content] of Object.entries(options.files ?? {})) {
    const path = join(dir, relative);
    mkdirSync(resolve(path, '..'), { recursive: true });
    await writeFile(path, content);
  }

  // The core_config onboarding step starts config flows for met, google_translate, radio_browser
  // and shopping_list (weather over the network, packages we do not install). Its other effect, the
  // location and units, is in configuration.yaml above, so it is recorded as done beforehand; the
  // other steps go through the REST API.
  mkdirSync(join(dir, '.storage'), { recursive: true });
  await writeFile(
    join(dir, '.storage', 'onboarding'),
    JSON.stringify({ version: 4, minor_version: 1, key: 'onboarding', data: { done: ['core_config'] } }),
  );
}

/** Onboarding as the frontend does it; returns a long-lived token of the new administrator. */
async function onboard(url: string, wsUrl: string): Promise<string> {
  const clientId = `${url}/`;
  const post = async (path: string, body: unknown, bearer?: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };

  const { auth_code: code } = await post('/api/onboarding/users', { client_id: clientId, language: 'en', ...ADMIN });
  const tokenResponse = await fetch(`${url}/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code: String(code), client_id: clientId }),
  });
  if (!tokenResponse.ok) throw new Error(`POST /auth/token: ${tokenResponse.status} ${await tokenResponse.text()}`);
  const { access_token: accessToken } = (await tokenResponse.json()) as { access_token: string };

  await post('/api/onboarding/analytics', {}, accessToken);
  await post('/api/onboarding/integration', { client_id: clientId, redirect_uri: `${url}/?auth_callback=1` }, accessToken);

  return haCommand<string>(wsUrl, accessToken, {
    type: 'auth/long_lived_access_token',
    client_name: 'floorplan e2e',
    lifespan: 3650,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A condition that waiting longer will not fix. */
class Fatal extends Error {}

export { openHaSocket, haCommand };
