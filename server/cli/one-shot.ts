/** A sidecar for one command (status, enable-sensors): connected, fed the current states, then closed. */
import { integrationSource, IntegrationUnavailableError } from '../config/remote-source.ts';
import { ConfigLoadError, ConfigStore, fileSource } from '../config/store.ts';
import { HomeAssistantAuthError } from '../providers/home-assistant/connection.ts';
import { Sidecar } from '../sidecar.ts';
import { connect, resolveSettings, SettingsError } from './home-assistant.ts';
import { VERSION } from './version.ts';

/** Lets the first full state snapshot of subscribe_entities arrive before the states are read. */
const FIRST_STATES_MS = 1_000;

export async function withOneShotSidecar<T>(flags: Parameters<typeof resolveSettings>[0], use: (sidecar: Sidecar) => Promise<T>): Promise<T> {
  const settings = await resolveSettings(flags, process.env);
  const quiet = (): void => {};
  let session;
  try {
    session = await connect(settings, quiet);
  } catch (err) {
    if (err instanceof HomeAssistantAuthError) throw new SettingsError(err.message);
    throw err;
  }
  try {
    let source;
    try {
      source = settings.config === null ? await integrationSource(session.connection) : fileSource(settings.config);
    } catch (err) {
      if (err instanceof IntegrationUnavailableError) throw new SettingsError(err.message);
      throw err;
    }
    const store = new ConfigStore(source);
    try {
      await store.load();
    } catch (err) {
      if (err instanceof ConfigLoadError) throw new SettingsError(err.message);
      throw err;
    }
    const sidecar = new Sidecar({ session, url: settings.url, store, version: VERSION, attach: false, stateDir: null, log: quiet });
    await sidecar.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, FIRST_STATES_MS));
      sidecar.settle();
      return await use(sidecar);
    } finally {
      sidecar.stop();
    }
  } finally {
    session.close();
  }
}
