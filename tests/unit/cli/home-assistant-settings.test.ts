import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homeAssistantConfigured, resolveSettings } from '../../../server/cli/home-assistant.ts';

describe('Home Assistant settings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-settings-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('takes flags over the options file over the environment, with 127.0.0.1:8127 by default', async () => {
    const options = join(dir, 'options.json');
    await writeFile(options, JSON.stringify({ ha_url: 'http://file:8123', ha_token: 'file-token', config: '/config/floorplan/floorplan.yaml', http_port: 9000, state_dir: '/data' }));
    const env = { HA_URL: 'http://env:8123', HA_TOKEN: 'env-token', FLOORPLAN_CONFIG: 'env.yaml' };
    expect(await resolveSettings({}, env)).toEqual({
      url: 'http://env:8123',
      token: 'env-token',
      config: 'env.yaml',
      httpHost: '127.0.0.1',
      httpPort: 8127,
      stateDir: join(homedir(), '.local', 'state', 'floorplan-presence'),
      mqtt: null,
      history: { retentionDays: 30, names: false },
    });
    expect(await resolveSettings({}, { ...env, XDG_STATE_HOME: '/var/state' })).toMatchObject({ stateDir: '/var/state/floorplan-presence' });
    expect(await resolveSettings({}, { ...env, FLOORPLAN_STATE_DIR: '/srv/floorplan' })).toMatchObject({ stateDir: '/srv/floorplan' });
    expect(await resolveSettings({ options }, env)).toEqual({ url: 'http://file:8123', token: 'file-token', config: '/config/floorplan/floorplan.yaml', httpHost: '127.0.0.1', httpPort: 9000, stateDir: '/data', mqtt: null, history: { retentionDays: 30, names: false } });
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, '  flag-token\n');
    expect(await resolveSettings({ options, url: 'http://flag:8123', 'token-file': tokenFile, 'http-port': '0' }, env)).toMatchObject({ url: 'http://flag:8123', token: 'flag-token', httpPort: 0 });
  });

  it('says what is missing or wrong, naming the file and key', async () => {
    await expect(resolveSettings({}, {})).rejects.toThrow('where is Home Assistant? Give --url, "ha_url" in the options file, or HA_URL');
    await expect(resolveSettings({}, { HA_URL: 'http://x' })).rejects.toThrow(/^no access token/);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"ha_url": "http://x", "token": "t"}');
    await expect(resolveSettings({ options: bad }, {})).rejects.toThrow(`options file ${bad}: unknown key "token" (known: ha_url, ha_token, config, http_host, http_port, state_dir, mqtt_url, mqtt_username, mqtt_password, mqtt_root, mqtt_location, mqtt_discovery_prefix, history_retention_days, history_names)`);
    await writeFile(bad, '{"ha_url": ');
    await expect(resolveSettings({ options: bad }, {})).rejects.toThrow(`options file ${bad} is not valid JSON`);
    await expect(resolveSettings({ 'http-port': '99999' }, { HA_URL: 'http://x', HA_TOKEN: 't' })).rejects.toThrow('--http-port must be a port number 0–65535');
  });

  it('publishes to MQTT only with a broker URL; credentials from the options file or the environment, never a flag', async () => {
    const ha = { HA_URL: 'http://x', HA_TOKEN: 't' };
    const env = { ...ha, FLOORPLAN_MQTT_URL: 'mqtt://env:1883', FLOORPLAN_MQTT_USERNAME: 'env-user', FLOORPLAN_MQTT_PASSWORD: 'env-secret' };
    expect(await resolveSettings({}, env)).toMatchObject({
      mqtt: { url: 'mqtt://env:1883', username: 'env-user', password: 'env-secret', root: 'floorplan', location: 'home', discoveryPrefix: 'homeassistant' },
    });
    const options = join(dir, 'options.json');
    await writeFile(
      options,
      JSON.stringify({ mqtt_url: 'mqtts://file:8883', mqtt_username: 'file-user', mqtt_password: 'file-secret', mqtt_root: 'site/floorplan', mqtt_location: 'cabin', mqtt_discovery_prefix: 'none' }),
    );
    expect((await resolveSettings({ options }, env)).mqtt).toEqual({
      url: 'mqtts://file:8883',
      username: 'file-user',
      password: 'file-secret',
      root: 'site/floorplan',
      location: 'cabin',
      discoveryPrefix: null,
    });
    const flags = { options, 'mqtt-url': 'mqtt://flag', 'mqtt-root': 'fp', 'mqtt-location': 'flat', 'mqtt-discovery-prefix': 'ha' };
    expect((await resolveSettings(flags, env)).mqtt).toMatchObject({ url: 'mqtt://flag', username: 'file-user', root: 'fp', location: 'flat', discoveryPrefix: 'ha' });
    expect((await resolveSettings({ 'mqtt-url': 'mqtt://flag' }, ha)).mqtt).toMatchObject({ username: null, password: null });
  });

  it('rejects MQTT settings that would publish to the wrong topics or log a password, naming the setting', async () => {
    const ha = { HA_URL: 'http://x', HA_TOKEN: 't' };
    await expect(resolveSettings({ 'mqtt-url': 'mqtt://user:secret@broker' }, ha)).rejects.toThrow(/^--mqtt-url must not hold a user name or password: give "mqtt_username"/);
    await expect(resolveSettings({}, { ...ha, FLOORPLAN_MQTT_URL: 'http://broker' })).rejects.toThrow('FLOORPLAN_MQTT_URL must start with mqtt://, mqtts://, ws:// or wss://, got "http://broker"');
    await expect(resolveSettings({ 'mqtt-url': 'broker:1883' }, ha)).rejects.toThrow('--mqtt-url must start with mqtt://');
    await expect(resolveSettings({ 'mqtt-url': 'not a url' }, ha)).rejects.toThrow('--mqtt-url must be a URL such as mqtt://homeassistant.local:1883, got "not a url"');
    await expect(resolveSettings({ 'mqtt-url': 'mqtt://b', 'mqtt-location': 'a/b' }, ha)).rejects.toThrow('--mqtt-location must be one topic level (no /), got "a/b"');
    await expect(resolveSettings({ 'mqtt-url': 'mqtt://b', 'mqtt-root': 'floorplan/#' }, ha)).rejects.toThrow('--mqtt-root must not contain the MQTT wildcards + and #');
    const options = join(dir, 'options.json');
    await writeFile(options, JSON.stringify({ mqtt_url: 'mqtt://b', mqtt_root: '/floorplan' }));
    await expect(resolveSettings({ options }, ha)).rejects.toThrow('"mqtt_root" must not have an empty level (a leading, trailing or double /), got "/floorplan"');
    await writeFile(options, JSON.stringify({ mqtt_url: 'mqtt://b', mqtt_password: '' }));
    await expect(resolveSettings({ options }, ha)).rejects.toThrow(`options file ${options}: "mqtt_password" must be non-empty text`);
  });

  it('keeps 30 days of history unless told otherwise, 0 for none, and stores names only when asked', async () => {
    const ha = { HA_URL: 'http://x', HA_TOKEN: 't' };
    expect((await resolveSettings({}, { ...ha, FLOORPLAN_HISTORY_RETENTION_DAYS: '7' })).history).toEqual({ retentionDays: 7, names: false });
    const options = join(dir, 'options.json');
    await writeFile(options, JSON.stringify({ history_retention_days: 0, history_names: true }));
    expect((await resolveSettings({ options }, { ...ha, FLOORPLAN_HISTORY_RETENTION_DAYS: '7' })).history).toEqual({ retentionDays: 0, names: true });
    expect((await resolveSettings({ options, 'history-retention-days': '90' }, ha)).history).toEqual({ retentionDays: 90, names: true });
    expect((await resolveSettings({ 'history-names': true }, ha)).history).toEqual({ retentionDays: 30, names: true });
  });

  it('rejects a retention that is not a whole number of days, and names that are not true or false', async () => {
    const ha = { HA_URL: 'http://x', HA_TOKEN: 't' };
    await expect(resolveSettings({ 'history-retention-days': '1.5' }, ha)).rejects.toThrow('--history-retention-days must be a whole number of days 0–3650 (0: no history), got "1.5"');
    await expect(resolveSettings({}, { ...ha, FLOORPLAN_HISTORY_RETENTION_DAYS: 'month' })).rejects.toThrow('FLOORPLAN_HISTORY_RETENTION_DAYS must be a whole number of days');
    const options = join(dir, 'options.json');
    await writeFile(options, JSON.stringify({ history_retention_days: -1 }));
    await expect(resolveSettings({ options }, ha)).rejects.toThrow('"history_retention_days" must be a whole number of days 0–3650 (0: no history), got -1');
    await writeFile(options, JSON.stringify({ history_names: 'yes' }));
    await expect(resolveSettings({ options }, ha)).rejects.toThrow('"history_names" must be true or false, got "yes"');
  });

  it('lets npm start serve only when Home Assistant is configured', () => {
    expect(homeAssistantConfigured({})).toBe(false);
    expect(homeAssistantConfigured({ HA_URL: 'http://x' })).toBe(false);
    expect(homeAssistantConfigured({ HA_URL: 'http://x', HA_TOKEN: 't' })).toBe(true);
    expect(homeAssistantConfigured({ FLOORPLAN_OPTIONS: '/data/options.json' })).toBe(true);
  });
});
