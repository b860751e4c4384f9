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
                         "state_dir"} (env FLOORPLAN_OPTIONS)
      --state-dir DIR    where the sidecar keeps state across restarts, such as a calibration under
                         way (env FLOORPLAN_STATE_DIR; default $XDG_STATE_HOME/floorplan-presence,
                         else ~/.local/state/floorplan-presence)
`;

const OPTION_KEYS = ['ha_url', 'ha_token', 'config', 'http_host', 'http_port', 'state_dir'] as const;
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
  for (const key of ['ha_url', 'ha_token', 'config', 'http_host', 'state_dir'] as const) {
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

export async function resolveSettings(
  flags: { url?: string; 'token-file'?: string; options?: string; config?: string; 'http-host'?: string; 'http-port'?: string; 'state-dir'?: string },
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
  };
}

/** The XDG base directory for state: kept across restarts, not precious enough for backups. */
function defaultStateDir(env: NodeJS.ProcessEnv): string {
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
