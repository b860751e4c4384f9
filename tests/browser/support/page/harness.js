// Browser side of the test harness: what Home Assistant's frontend puts around a Lovelace card (a
// `hass` object, theme variables, <ha-card>), scripted from the test through `globalThis.fp`.
// Plain JS served as is, so the Node-only tsconfig never sees DOM code. Requests the card makes with
// `floorplan/call` go to the test process through the `fpBackend` binding (page.exposeFunction).

// Home Assistant's default theme, light and dark (the variables the card may read).
const THEMES = {
  light: {
    '--primary-color': '#03a9f4',
    '--accent-color': '#ff9800',
    '--primary-text-color': '#212121',
    '--secondary-text-color': '#727272',
    '--text-primary-color': '#ffffff',
    '--disabled-text-color': '#bdbdbd',
    '--primary-background-color': '#fafafa',
    '--secondary-background-color': '#e5e5e5',
    '--card-background-color': '#ffffff',
    '--divider-color': 'rgba(0, 0, 0, 0.12)',
    '--error-color': '#db4437',
    '--warning-color': '#ffa600',
    '--success-color': '#43a047',
    '--info-color': '#039be5',
    '--state-icon-color': '#44739e',
  },
  dark: {
    '--primary-color': '#03a9f4',
    '--accent-color': '#ff9800',
    '--primary-text-color': '#e1e1e1',
    '--secondary-text-color': '#9b9b9b',
    '--text-primary-color': '#ffffff',
    '--disabled-text-color': '#6f6f6f',
    '--primary-background-color': '#111111',
    '--secondary-background-color': '#282828',
    '--card-background-color': '#1c1c1c',
    '--divider-color': 'rgba(225, 225, 225, 0.12)',
    '--error-color': '#ef5350',
    '--warning-color': '#ffa600',
    '--success-color': '#45a049',
    '--info-color': '#039be5',
    '--state-icon-color': '#44739e',
  },
};

// <ha-card> as Home Assistant styles it, so the card sits on a realistic background.
if (!customElements.get('ha-card')) {
  customElements.define(
    'ha-card',
    class extends HTMLElement {
      static get observedAttributes() {
        return ['header'];
      }
      constructor() {
        super();
        const root = this.attachShadow({ mode: 'open' });
        root.innerHTML = `<style>
          :host { display: block; background: var(--ha-card-background, var(--card-background-color, #fff));
            color: var(--primary-text-color); border-radius: 12px; border: 1px solid var(--divider-color);
            font-family: Roboto, Noto, sans-serif; }
          .header { font-size: 24px; padding: 12px 16px 0; }
          .header:empty { display: none; }
        </style><div class="header"></div><slot></slot>`;
      }
      attributeChangedCallback() {
        this.shadowRoot.querySelector('.header').textContent = this.getAttribute('header') ?? '';
      }
      set header(value) {
        this.setAttribute('header', value ?? '');
      }
    },
  );
}

const state = {
  dark: false,
  isAdmin: true,
  connected: true,
  hass: null,
  /** Every element given `hass`: the card, its editor. */
  targets: new Set(),
  subscribers: new Set(),
  /** Names of the `floorplan/call` requests, in order. */
  calls: [],
  /** What the card asked of Home Assistant: hass-more-info, hass-action, config-changed, call-service. */
  events: [],
  /** The schedule `replay()` plays when given none. */
  staged: [],
};

function applyTheme(dark) {
  state.dark = dark;
  for (const [name, value] of Object.entries(THEMES[dark ? 'dark' : 'light'])) document.documentElement.style.setProperty(name, value);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

async function callWS(msg) {
  if (msg.type !== 'floorplan/call') throw { code: 'unknown_command', message: `Unknown command: ${msg.type}` };
  state.calls.push(msg.name);
  const answer = await globalThis.fpBackend(msg.name, msg.data ?? {});
  // Home Assistant's callWS rejects with the error object itself.
  if ('error' in answer) throw answer.error;
  return answer.result;
}

function emit(event) {
  for (const callback of state.subscribers) callback(event);
}

const connection = {
  async subscribeMessage(callback, msg) {
    if (msg.type !== 'floorplan/subscribe') throw { code: 'unknown_command', message: `Unknown command: ${msg.type}` };
    state.subscribers.add(callback);
    // The integration answers a subscription with the sidecar's state first.
    setTimeout(() => state.subscribers.has(callback) && callback({ type: 'connected', connected: state.connected }), 0);
    return async () => {
      state.subscribers.delete(callback);
    };
  },
  async subscribeEvents() {
    return async () => {};
  },
};

/** A new object on every change, as Home Assistant does, handed to every mounted element. */
function refreshHass() {
  state.hass = {
    states: {},
    user: { id: 'test-user', name: 'Test', is_admin: state.isAdmin, is_owner: state.isAdmin },
    themes: { darkMode: state.dark, theme: 'default', default_theme: 'default', themes: {} },
    selectedTheme: null,
    language: 'en',
    locale: { language: 'en', number_format: 'language', time_format: 'language', date_format: 'language' },
    config: { unit_system: { length: 'm' }, time_zone: 'UTC' },
    connection,
    callWS,
    async callService(domain, service, data, target) {
      state.events.push({ type: 'call-service', detail: { domain, service, data, target } });
    },
    localize: (key) => key,
  };
  for (const el of state.targets) el.hass = state.hass;
}

for (const type of ['hass-more-info', 'hass-action']) {
  window.addEventListener(type, (event) => state.events.push({ type, detail: event.detail ?? null }));
}

/** The card's class, once the bundle has run (it defines every element it has when it loads). */
async function cardClass() {
  await customElements.whenDefined('floorplan-presence-card');
  return customElements.get('floorplan-presence-card');
}

/** Puts `el` alone on the page, configured, with a fresh `hass` in the theme asked for. */
async function show(el, { config, dark = false, isAdmin = true, width = 600 }) {
  if (!customElements.get(el.localName)) throw new Error(`the card bundle does not define <${el.localName}>`);
  const root = document.getElementById('root');
  root.replaceChildren();
  state.targets.clear();
  state.connected = true;
  state.isAdmin = isAdmin;
  applyTheme(dark);
  refreshHass();
  root.style.width = `${width}px`;
  el.setConfig(config);
  el.hass = state.hass;
  state.targets.add(el);
  el.addEventListener('config-changed', (event) => state.events.push({ type: 'config-changed', detail: event.detail ?? null }));
  root.append(el);
  await el.updateComplete;
}

globalThis.fp = {
  /** Puts the card its `config.type` names on the page (replacing what was there). */
  async mount(options) {
    await cardClass();
    await show(document.createElement(options.config.type.replace(/^custom:/, '')), options);
  },
  /** The editor of the card `config.type` names, created the way Lovelace's card editor dialog asks the card for it. */
  async mountEditor(options) {
    await cardClass();
    await show(customElements.get(options.config.type.replace(/^custom:/, '')).getConfigElement(), options);
  },
  setTheme(dark) {
    applyTheme(dark);
    refreshHass();
  },
  /** Sends a floorplan/subscribe event to every live subscription. */
  push(event) {
    if (event.type === 'connected') state.connected = event.connected;
    emit(event);
  },
  calls() {
    return [...state.calls];
  },
  events() {
    return state.events.map((e) => ({ type: e.type, detail: JSON.parse(JSON.stringify(e.detail ?? null)) }));
  },
  /** Keeps a schedule for `replay()`, so that a measurement does not include sending it. */
  stage(schedule) {
    state.staged = schedule;
  },
  /**
   * Sends each scheduled event at its time (ms from now) from a page timer, so playback costs the
   * page what a websocket message would, and nothing over the DevTools protocol. Resolves at the end.
   */
  replay(schedule = state.staged) {
    const start = performance.now();
    return new Promise((resolve) => {
      let next = 0;
      const tick = () => {
        const now = performance.now() - start;
        while (next < schedule.length && schedule[next].at <= now) emit(schedule[next++].event);
        if (next < schedule.length) setTimeout(tick, Math.max(0, schedule[next].at - (performance.now() - start)));
        else resolve();
      };
      tick();
    });
  },
  /** Computed style properties of an element (for colour and contrast checks). */
  style(el, names) {
    const style = getComputedStyle(el);
    return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
  },
};
