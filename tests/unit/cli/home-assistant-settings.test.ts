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
    });
    expect(await resolveSettings({}, { ...env, XDG_STATE_HOME: '/var/state' })).toMatchObject({ stateDir: '/var/state/floorplan-presence' });
    expect(await resolveSettings({}, { ...env, FLOORPLAN_STATE_DIR: '/srv/floorplan' })).toMatchObject({ stateDir: '/srv/floorplan' });
    expect(await resolveSettings({ options }, env)).toEqual({ url: 'http://file:8123', token: 'file-token', config: '/config/floorplan/floorplan.yaml', httpHost: '127.0.0.1', httpPort: 9000, stateDir: '/data' });
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, '  flag-token\n');
    expect(await resolveSettings({ options, url: 'http://flag:8123', 'token-file': tokenFile, 'http-port': '0' }, env)).toMatchObject({ url: 'http://flag:8123', token: 'flag-token', httpPort: 0 });
  });

  it('says what is missing or wrong, naming the file and key', async () => {
    await expect(resolveSettings({}, {})).rejects.toThrow('where is Home Assistant? Give --url, "ha_url" in the options file, or HA_URL');
    await expect(resolveSettings({}, { HA_URL: 'http://x' })).rejects.toThrow(/^no access token/);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"ha_url": "http://x", "token": "t"}');
    await expect(resolveSettings({ options: bad }, {})).rejects.toThrow(`options file ${bad}: unknown key "token" (known: ha_url, ha_token, config, http_host, http_port, state_dir)`);
    await writeFile(bad, '{"ha_url": ');
    await expect(resolveSettings({ options: bad }, {})).rejects.toThrow(`options file ${bad} is not valid JSON`);
    await expect(resolveSettings({ 'http-port': '99999' }, { HA_URL: 'http://x', HA_TOKEN: 't' })).rejects.toThrow('--http-port must be a port number 0–65535');
  });

  it('lets npm start serve only when Home Assistant is configured', () => {
    expect(homeAssistantConfigured({})).toBe(false);
    expect(homeAssistantConfigured({ HA_URL: 'http://x' })).toBe(false);
    expect(homeAssistantConfigured({ HA_URL: 'http://x', HA_TOKEN: 't' })).toBe(true);
    expect(homeAssistantConfigured({ FLOORPLAN_OPTIONS: '/data/options.json' })).toBe(true);
  });
});
