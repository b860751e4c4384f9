/**
 * The demo page: the card as a dashboard would host it, fed by the demo sidecar through the
 * stand-in `hass`, with its editor beside it, the stats card, a light/dark switch and a minimal
 * more-info dialog.
 *
 * For browser tests, `<html data-demo="…">` says where the page is: `starting`, `connected`
 * (socket open), `live` (positions with coordinates have reached the card), `disconnected`, or
 * `error` (the card bundle did not load); `window.demoReady` turns true the first time it is live.
 */
import { standInHass, withDarkMode, type StandInHass } from './stand-in-hass.ts';
import { applyTheme } from './theme.ts';

declare global {
  interface Window {
    demoReady: boolean;
  }
}

type DemoState = 'starting' | 'connected' | 'live' | 'disconnected' | 'error';

interface LovelaceElement extends HTMLElement {
  hass: StandInHass;
  setConfig(config: object): void;
}

type CardClass = CustomElementConstructor & { getConfigElement?(): HTMLElement | Promise<HTMLElement> };

/** Served by the demo sidecar from the card's build; loaded at run time so it stays out of this bundle. */
const CARD_URL = '/floorplan-presence-card.js';

window.demoReady = false;
const setState = (state: DemoState): void => {
  // Without the card, nothing that happens later makes the page work.
  if (document.documentElement.dataset['demo'] === 'error') return;
  document.documentElement.dataset['demo'] = state;
  if (state === 'live') window.demoReady = true;
};
setState('starting');

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
const websocketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/websocket`;
let hass = watchPositions(
  standInHass(websocketUrl, darkQuery.matches, (connected) => setState(connected ? 'connected' : 'disconnected')),
  () => setState('live'),
);
const hosted: LovelaceElement[] = [];
let config: object = { type: 'custom:floorplan-presence-card' };

const setDarkMode = (darkMode: boolean): void => {
  applyTheme(darkMode);
  hass = withDarkMode(hass, darkMode);
  for (const element of hosted) element.hass = hass;
  byId('theme').textContent = darkMode ? 'Light theme' : 'Dark theme';
};
setDarkMode(darkQuery.matches);
darkQuery.addEventListener('change', () => setDarkMode(darkQuery.matches));
byId('theme').addEventListener('click', () => setDarkMode(!hass.themes.darkMode));
document.addEventListener('hass-more-info', (event) => showMoreInfo((event as CustomEvent<{ entityId: string }>).detail.entityId));

try {
  await import(/* @vite-ignore */ CARD_URL);
  const card = document.createElement('floorplan-presence-card') as LovelaceElement;
  card.setConfig(config);
  card.hass = hass;
  hosted.push(card);
  byId('card').append(card);
  offerEditor(card);
  // The stats card beside it: the demo keeps a history of the simulated people from the start.
  const stats = document.createElement('floorplan-presence-stats-card') as LovelaceElement;
  stats.setConfig({ type: 'custom:floorplan-presence-stats-card' });
  stats.hass = hass;
  hosted.push(stats);
  byId('stats').append(stats);
} catch (err) {
  setState('error');
  byId('card').textContent = `The card did not load (${err instanceof Error ? err.message : String(err)}). Run \`npm run build:card\` and reload.`;
}

/** Passes the card's subscription through, noting the first positions with coordinates. */
function watchPositions(base: StandInHass, onPositions: () => void): StandInHass {
  const hasCoordinates = (event: unknown): boolean => {
    const { type, entities } = event as { type?: string; entities?: { coordinates: unknown }[] };
    return type === 'positions' && (entities ?? []).some((entity) => entity.coordinates !== null);
  };
  const connection: StandInHass['connection'] = {
    subscribeMessage: (callback, message) =>
      base.connection.subscribeMessage((event) => {
        if (hasCoordinates(event)) onPositions();
        callback(event as Parameters<typeof callback>[0]);
      }, message),
  };
  return { ...base, connection };
}

/**
 * The card's editor, made as Home Assistant makes it (the card's getConfigElement, else the element
 * by name), when the bundle defines it: the card is one module, so it is defined once that loaded.
 */
function offerEditor(card: LovelaceElement): void {
  const button = byId('edit') as HTMLButtonElement;
  const cardClass = customElements.get('floorplan-presence-card') as CardClass | undefined;
  if (customElements.get('floorplan-presence-card-editor') === undefined) {
    button.disabled = true;
    button.title = 'This build of the card has no editor';
    return;
  }
  let editor: LovelaceElement | null = null;
  button.addEventListener('click', async () => {
    if (editor === null) {
      editor = (await (cardClass?.getConfigElement?.() ?? document.createElement('floorplan-presence-card-editor'))) as LovelaceElement;
      editor.hass = hass;
      editor.setConfig(config);
      // The editor reports each change; Home Assistant then configures the card and the editor with it.
      editor.addEventListener('config-changed', (event) => {
        config = (event as CustomEvent<{ config: object }>).detail.config;
        card.setConfig(config);
        editor!.setConfig(config);
      });
      hosted.push(editor);
      byId('editor').append(editor);
    }
    const panel = byId('editor');
    panel.hidden = !panel.hidden;
    button.textContent = panel.hidden ? 'Edit card' : 'Close editor';
  });
}

function showMoreInfo(entityId: string): void {
  const dialog = byId('more-info') as HTMLDialogElement;
  const state = hass.states[entityId];
  const rows = Object.entries(state?.attributes ?? {}).map(([name, value]) => [name, String(value)]);
  dialog.querySelector('h2')!.textContent = String(state?.attributes['friendly_name'] ?? entityId);
  const table = dialog.querySelector('table')!;
  table.replaceChildren();
  for (const [name, value] of [['entity', entityId], ['state', state?.state ?? 'unknown'], ...rows]) {
    const row = table.insertRow();
    row.insertCell().textContent = name!;
    row.insertCell().textContent = value!;
  }
  dialog.showModal();
}

function byId(id: string): HTMLElement {
  return document.getElementById(id)!;
}
