/**
 * Where Home Assistant is and how to authenticate, for `serve`, `status` and `enable-sensors`:
 * flags, then an options file (JSON, as a Home Assistant add-on's options.json), then the
 * environment (HA_URL, HA_TOKEN). The token is never printed; it is read from a file or the
 * environment, not a flag, so that it does not show in the process list.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { connectHomeAssistant, HomeAssistantAuthError, type HomeAssistantSession } from '../providers/home-assistant/connection.ts';
import type { MqttSettings } from '../sinks/mqtt/publisher.ts';
import { topicPrefixProblem } from '../sinks/mqtt/topics.ts';
import { DEFAULT_RETENTION_DAYS, type HistorySettings } from '../sinks/history/history.ts';

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 8127;

export interface HomeAssistantSettings {
  url: string;
  token: string;
  /** Path of floorplan.yaml; null: ask the floorplan integration for it. */
  config: string | null;
  httpHost: string;
  /** 0: no HTTP endpoint. */
  httpPort: number;
  /** Where the sidecar keeps what must survive a restart (a calibration session under way). */
  stateDir: string;
  /** The optional MQTT sink; null: no MQTT. */
  mqtt: MqttSettings | null;
  /** The history database in the state folder (retention 0: none). */
  history: HistorySettings;
}

export const HOME_ASSISTANT_OPTIONS = {
  url: { type: 'string' },
  'token-file': { type: 'string' },
  options: { type: 'string' },
  'state-dir': { type: 'string' },
} as const;

export const HOME_ASSISTANT_USAGE = `Connection (first found wins: flag, options file, environment):
      --url URL          Home Assistant, e.g. http://homeassistant.local:8123 (env HA_URL)
      --token-file FILE  file holding a long-lived access token (env HA_TOKEN holds the token itself)
      --options FILE     JSON options file: {"ha_url", "ha_token", "config", "http_host", "http_port",
                         "state_dir", "mqtt_url", "mqtt_username", "mqtt_password", "mqtt_root",
                         "mqtt_location", "mqtt_discovery_prefix", "history_retention_days",
                         "history_names"} (env FLOORPLAN_OPTIONS)
      --state-dir DIR    where the sidecar keeps state across restarts, such as a calibration under
                         way (env FLOORPLAN_STATE_DIR; default $XDG_STATE_HOME/floorplan-presence,
                         else ~/.local/state/floorplan-presence)
`;

const MQTT_KEYS = ['mqtt_url', 'mqtt_username', 'mqtt_password', 'mqtt_root', 'mqtt_location', 'mqtt_discovery_prefix'] as const;
const OPTION_KEYS = ['ha_url', 'ha_token', 'config', 'http_host', 'http_port', 'state_dir', ...MQTT_KEYS, 'history_retention_days', 'history_names'] as const;
type OptionsFile = Partial<Record<(typeof OPTION_KEYS)[number], unknown>>;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

async function readOptionsFile(path: string): Promise<OptionsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SettingsError(`cannot read options file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SettingsError(`options file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SettingsError(`options file ${path}: expected a JSON object`);
  const unknown = Object.keys(parsed).filter((k) => !(OPTION_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new SettingsError(`options file ${path}: unknown key ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${OPTION_KEYS.join(', ')})`);
  for (const key of ['ha_url', 'ha_token', 'config', 'http_host', 'state_dir', ...MQTT_KEYS] as const) {
    const value = (parsed as OptionsFile)[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) throw new SettingsError(`options file ${path}: "${key}" must be non-empty text`);
  }
  return parsed as OptionsFile;
}

function port(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) throw new SettingsError(`${where} must be a port number 0–65535 (0: no HTTP endpoint), got ${JSON.stringify(value)}`);
  return n;
}

/** True when the environment alone says where Home Assistant is (so `npm start` serves rather than demos). */
export function homeAssistantConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['FLOORPLAN_OPTIONS'] || (env['HA_URL'] && env['HA_TOKEN']));
}

/** `serve`'s MQTT flags; credentials are never flags (they would show in the process list). */
type MqttFlags = { 'mqtt-url'?: string; 'mqtt-root'?: string; 'mqtt-location'?: string; 'mqtt-discovery-prefix'?: string };

export async function resolveSettings(
  flags: { url?: string; 'token-file'?: string; options?: string; config?: string; 'http-host'?: string; 'http-port'?: string; 'state-dir'?: string } & MqttFlags & HistoryFlags,
  env: NodeJS.ProcessEnv,
): Promise<HomeAssistantSettings> {
  const optionsPath = flags.options ?? env['FLOORPLAN_OPTIONS'];
  const file = optionsPath ? await readOptionsFile(optionsPath) : {};
  const url = flags.url ?? (file.ha_url as string | undefined) ?? env['HA_URL'];
  let token = (file.ha_token as string | undefined) ?? env['HA_TOKEN'];
  if (flags['token-file'] !== undefined) {
    try {
      token = (await readFile(flags['token-file'], 'utf8')).trim();
    } catch (err) {
      throw new SettingsError(`cannot read token file ${flags['token-file']}: ${(err as Error).message}`);
    }
  }
  if (!url) throw new SettingsError('where is Home Assistant? Give --url, "ha_url" in the options file, or HA_URL');
  if (!token || token.trim() === '') throw new SettingsError('no access token: give --token-file, "ha_token" in the options file, or HA_TOKEN (create a long-lived token in your Home Assistant profile)');
  return {
    url,
    token: token.trim(),
    config: flags.config ?? (file.config as string | undefined) ?? env['FLOORPLAN_CONFIG'] ?? null,
    httpHost: flags['http-host'] ?? (file.http_host as string | undefined) ?? DEFAULT_HTTP_HOST,
    httpPort: flags['http-port'] !== undefined ? port(flags['http-port'], '--http-port') : file.http_port !== undefined ? port(file.http_port, '"http_port"') : DEFAULT_HTTP_PORT,
    stateDir: flags['state-dir'] ?? (file.state_dir as string | undefined) ?? env['FLOORPLAN_STATE_DIR'] ?? defaultStateDir(env),
    mqtt: mqttSettings(flags, file, env),
    history: historySettings(flags, file, env),
  };
}

/** `serve`'s history flags. */
type HistoryFlags = { 'history-retention-days'?: string; 'history-names'?: boolean };
const MAX_RETENTION_DAYS = 3650;

function historySettings(flags: HistoryFlags, file: OptionsFile, env: NodeJS.ProcessEnv): HistorySettings {
  const [value, where]: [unknown, string] =
    flags['history-retention-days'] !== undefined
      ? [flags['history-retention-days'], '--history-retention-days']
      : file.history_retention_days !== undefined
        ? [file.history_retention_days, '"history_retention_days"']
        : [env['FLOORPLAN_HISTORY_RETENTION_DAYS'] ?? DEFAULT_RETENTION_DAYS, 'FLOORPLAN_HISTORY_RETENTION_DAYS'];
  const days = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_RETENTION_DAYS) {
    throw new SettingsError(`${where} must be a whole number of days 0–${MAX_RETENTION_DAYS} (0: no history), got ${JSON.stringify(value)}`);
  }
  const names = flags['history-names'] ?? file.history_names ?? false;
  if (typeof names !== 'boolean') throw new SettingsError(`"history_names" must be true or false, got ${JSON.stringify(names)}`);
  return { retentionDays: days, names };
}

function mqttSettings(flags: MqttFlags, file: OptionsFile, env: NodeJS.ProcessEnv): MqttSettings | null {
  const url = flags['mqtt-url'] ?? (file.mqtt_url as string | undefined) ?? env['FLOORPLAN_MQTT_URL'];
  if (!url) return null;
  const where = flags['mqtt-url'] !== undefined ? '--mqtt-url' : file.mqtt_url !== undefined ? '"mqtt_url"' : 'FLOORPLAN_MQTT_URL';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SettingsError(`${where} must be a URL such as mqtt://homeassistant.local:1883, got ${JSON.stringify(url)}`);
  }
  if (!['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(parsed.protocol)) throw new SettingsError(`${where} must start with mqtt://, mqtts://, ws:// or wss://, got ${JSON.stringify(url)}`);
  // The URL is logged: a password in it would be too.
  if (parsed.username !== '' || parsed.password !== '') throw new SettingsError(`${where} must not hold a user name or password: give "mqtt_username" and "mqtt_password" in the options file, or FLOORPLAN_MQTT_USERNAME and FLOORPLAN_MQTT_PASSWORD`);
  const topicPart = (flag: keyof MqttFlags, key: (typeof MQTT_KEYS)[number], fallback: string, singleLevel: boolean): string => {
    const value = flags[flag] ?? (file[key] as string | undefined) ?? fallback;
    const problem = topicPrefixProblem(value, singleLevel);
    if (problem) throw new SettingsError(`${flags[flag] !== undefined ? `--${flag}` : `"${key}"`} ${problem}, got ${JSON.stringify(value)}`);
    return value;
  };
  const discovery = topicPart('mqtt-discovery-prefix', 'mqtt_discovery_prefix', 'homeassistant', false);
  return {
    url,
    username: (file.mqtt_username as string | undefined) ?? env['FLOORPLAN_MQTT_USERNAME'] ?? null,
    password: (file.mqtt_password as string | undefined) ?? env['FLOORPLAN_MQTT_PASSWORD'] ?? null,
    root: topicPart('mqtt-root', 'mqtt_root', 'floorplan', false),
    location: topicPart('mqtt-location', 'mqtt_location', 'home', true),
    discoveryPrefix: discovery === 'none' ? null : discovery,
  };
}

/** The XDG base directory for state: kept across restarts, not precious enough for backups. */
export function defaultStateDir(env: NodeJS.ProcessEnv): string {
  return join(env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state'), 'floorplan-presence');
}

/** Connects, turning failures into one clear line; an auth failure is final (exit, no retry). */
export async function connect(settings: HomeAssistantSettings, log: (message: string) => void): Promise<HomeAssistantSession> {
  try {
    return await connectHomeAssistant({ url: settings.url, token: settings.token, log });
  } catch (err) {
    if (err instanceof HomeAssistantAuthError) throw err;
    throw new SettingsError((err as Error).message);
  }
}
