/**
 * `floorplan serve`: the sidecar. Connects to Home Assistant, locates Bermuda's devices live and
 * answers the floorplan integration, until stopped (Ctrl-C, SIGTERM) or the token is refused.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { integrationSource, IntegrationUnavailableError } from '../config/remote-source.ts';
import { ConfigLoadError, ConfigStore, fileSource } from '../config/store.ts';
import { HomeAssistantAuthError, type HomeAssistantSession } from '../providers/home-assistant/connection.ts';
import { Sidecar } from '../sidecar.ts';
import { startHealthServer } from '../sinks/http/health.ts';
import { fail, parseOptions } from './common.ts';
import { connect, HOME_ASSISTANT_OPTIONS, HOME_ASSISTANT_USAGE, resolveSettings, SettingsError, type HomeAssistantSettings } from './home-assistant.ts';
import { VERSION } from './version.ts';

const USAGE = `Usage: floorplan serve [options]

Runs the sidecar: reads Bermuda's distance sensors from Home Assistant, locates every tracked
device on your floor plan, and answers the floorplan integration's services and entities.

${HOME_ASSISTANT_USAGE}
Options:
  -c, --config FILE      floorplan.yaml (env FLOORPLAN_CONFIG; default: read it through the
                         floorplan integration from <HA config>/floorplan/floorplan.yaml)
      --http-host HOST   address of the read-only /health and /status endpoint (default 127.0.0.1)
      --http-port PORT   its port (default 8127; 0: none)

MQTT (optional; see docs/PRESENCE.md):
      --mqtt-url URL     publish presence to this broker, e.g. mqtt://homeassistant.local:1883
                         (env FLOORPLAN_MQTT_URL; user name and password only from the options file
                         or FLOORPLAN_MQTT_USERNAME / FLOORPLAN_MQTT_PASSWORD)
      --mqtt-root TOPIC  topic root (default floorplan): topics are <root>/<location>/…
      --mqtt-location NAME  the home this sidecar speaks for (default home)
      --mqtt-discovery-prefix PREFIX  Home Assistant's discovery prefix (default homeassistant;
                         none: no discovery)

History (see docs/PRESENCE.md):
      --history-retention-days N  days of room transitions and positions kept in
                         <state dir>/history.sqlite (env FLOORPLAN_HISTORY_RETENTION_DAYS; default 30;
                         0: no history)
      --history-names    store entity ids and names in the history instead of keyed hashes of them
  -h, --help             show this help
`;

/** While Home Assistant is starting (or down), try again this often. */
const CONNECT_RETRY_S = 5;

export const SERVE_OPTIONS = {
  ...HOME_ASSISTANT_OPTIONS,
  config: { type: 'string', short: 'c' },
  'http-host': { type: 'string' },
  'http-port': { type: 'string' },
  'mqtt-url': { type: 'string' },
  'mqtt-root': { type: 'string' },
  'mqtt-location': { type: 'string' },
  'mqtt-discovery-prefix': { type: 'string' },
  'history-retention-days': { type: 'string' },
  'history-names': { type: 'boolean' },
} as const;

const log = (message: string): void => void process.stderr.write(`${new Date().toISOString()} floorplan: ${message}\n`);

export async function runServe(argv: string[]): Promise<number> {
  const args = parseOptions('serve', argv, SERVE_OPTIONS, USAGE);
  if (typeof args === 'number') return args;
  let settings: HomeAssistantSettings;
  try {
    settings = await resolveSettings(args, process.env);
  } catch (err) {
    if (err instanceof SettingsError) return fail('serve', err.message);
    throw err;
  }

  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  // home-assistant-js-websocket can leave an unsubscribe's rejection unhandled when a socket drops
  // mid-call; for a long-running service that is a log line, not a reason to exit.
  const onUnhandled = (reason: unknown): void => log(`ignored an unhandled rejection: ${reason instanceof Error ? reason.message : JSON.stringify(reason)}`);
  process.on('unhandledRejection', onUnhandled);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const session = await connectPatiently(settings, stop.signal);
    if (session === null) return 0;
    return await serveSession(session, settings, stop.signal);
  } catch (err) {
    if (err instanceof HomeAssistantAuthError || err instanceof ConfigLoadError || err instanceof IntegrationUnavailableError) return fail('serve', err.message);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('unhandledRejection', onUnhandled);
  }
}

/** Home Assistant may still be starting: retry until it answers. A refused token is final. */
async function connectPatiently(settings: HomeAssistantSettings, signal: AbortSignal): Promise<HomeAssistantSession | null> {
  for (;;) {
    try {
      const session = await connect(settings, log);
      log(`connected to Home Assistant at ${settings.url}`);
      return session;
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      log(`${err.message}; retrying in ${CONNECT_RETRY_S} s`);
    }
    try {
      await sleep(CONNECT_RETRY_S * 1000, undefined, { signal });
    } catch {
      return null;
    }
  }
}

async function serveSession(session: HomeAssistantSession, settings: HomeAssistantSettings, signal: AbortSignal): Promise<number> {
  try {
    const source = settings.config === null ? await integrationSource(session.connection) : fileSource(settings.config);
    const store = new ConfigStore(source);
    const { config, warnings } = await store.load();
    for (const w of warnings) log(`${w.file}:${w.line}:${w.column}: warning: ${w.path}: ${w.message}`);
    log(`${source.label}: ${config.floors.length} floors, ${config.rooms.length} rooms, ${config.beaconNodes.length} beacon nodes`);

    const sidecar = new Sidecar({ session, url: settings.url, store, version: VERSION, attach: true, stateDir: settings.stateDir, mqtt: settings.mqtt, history: settings.history, log });
    await sidecar.start();
    const http = settings.httpPort === 0 ? null : await startHealthServer(sidecar, settings.httpHost, settings.httpPort);
    if (http) log(`health and status on http://${settings.httpHost}:${settings.httpPort}/health`);

    const stopped = new Promise<'stopped'>((resolve) => signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
    const outcome = await Promise.race([session.ended, stopped]);
    await sidecar.stop();
    // A spot that just ended is still being written.
    await sidecar.calibration.saved();
    http?.close();
    if (outcome !== 'stopped' && outcome.reason === 'auth') return fail('serve', outcome.error.message);
    log('stopped');
    return 0;
  } finally {
    session.close();
  }
}
