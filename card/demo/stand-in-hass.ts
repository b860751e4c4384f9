/**
 * A minimal stand-in for Home Assistant's `hass` object: what the card reads of it (states, user,
 * theme, language) and the websocket calls it makes, served by the demo sidecar. Home Assistant
 * hands a card a new `hass` object on every change; `withDarkMode` does the same for the theme.
 */
import type { HassEntity, HomeAssistant } from '../ha/types.ts';
import { DemoConnection } from './connection.ts';

/** Home Assistant's `hass` as the card types it, with what the demo page and an editor read besides. */
export interface StandInHass extends HomeAssistant {
  states: Record<string, HassEntity>;
  user: { is_admin: boolean; name: string };
  themes: { darkMode: boolean };
  locale: { language: string; number_format: string; time_format: string };
  callService(domain: string, service: string, data?: object): Promise<void>;
}

/** The simulated people and the example's static entities (floorplan/example.yaml). */
const ENTITIES: [string, string, Record<string, unknown>][] = [
  ['person.alice', 'home', { friendly_name: 'Alice' }],
  ['person.bob', 'home', { friendly_name: 'Bob' }],
  ['person.carol', 'home', { friendly_name: 'Carol' }],
  ['light.living_room', 'on', { friendly_name: 'Living room light' }],
  ['light.kitchen', 'off', { friendly_name: 'Kitchen light' }],
  ['sensor.main_bedroom_temperature', '20.5', { friendly_name: 'Main bedroom temperature', unit_of_measurement: '°C', device_class: 'temperature' }],
];

/** The `connected: false` the card expects from its subscription while the sidecar is out of reach. */
const DISCONNECTED = { type: 'connected', connected: false };

export function standInHass(websocketUrl: string, darkMode: boolean, onStatus: (connected: boolean) => void): StandInHass {
  const connection = new DemoConnection(websocketUrl, { disconnectedEvent: DISCONNECTED, onStatus });
  const now = new Date().toISOString();
  const states = Object.fromEntries(
    ENTITIES.map(([entity_id, state, attributes]) => [entity_id, { entity_id, state, attributes, last_changed: now, last_updated: now }]),
  );
  return {
    states,
    user: { is_admin: true, name: 'Demo' },
    themes: { darkMode },
    language: 'en',
    locale: { language: 'en', number_format: 'language', time_format: 'language' },
    callWS: (message) => connection.callWS(message),
    connection: { subscribeMessage: (callback, message) => connection.subscribeMessage(callback, message) },
    async callService(domain, service, data) {
      console.info(`demo: ${domain}.${service} is not called in the demo`, data ?? {});
    },
  };
}

export function withDarkMode(hass: StandInHass, darkMode: boolean): StandInHass {
  return { ...hass, themes: { ...hass.themes, darkMode } };
}
