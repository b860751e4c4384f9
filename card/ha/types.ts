/** The few Home Assistant frontend types the card uses, kept locally (as mushroom does). */

/** What a tap, hold or double tap does, as on Home Assistant's own cards. */
export interface ActionConfig {
  action: 'more-info' | 'toggle' | 'navigate' | 'url' | 'perform-action' | 'call-service' | 'none';
  entity?: string;
  navigation_path?: string;
  url_path?: string;
  perform_action?: string;
  service?: string;
  data?: Record<string, unknown>;
  target?: Record<string, unknown>;
}

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: { friendly_name?: string; entity_picture?: string; icon?: string; unit_of_measurement?: string; [key: string]: unknown };
  last_changed: string;
  last_updated: string;
}

/** What `callWS` and `subscribeMessage` reject with. */
export interface HassError {
  code: string | number;
  message: string;
}

export interface HassConnection {
  /** Resolves to the unsubscribe function; the library resubscribes by itself after a reconnect. */
  subscribeMessage<T>(callback: (message: T) => void, message: Record<string, unknown>): Promise<() => Promise<void>>;
}

/** The `hass` object Home Assistant sets on every card; a new object on every state change. */
export interface HomeAssistant {
  states: Record<string, HassEntity | undefined>;
  user?: { is_admin: boolean };
  themes?: { darkMode?: boolean };
  language: string;
  connection: HassConnection;
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  /** A state as the frontend shows it, translated and with its unit (Home Assistant 2023.9+). */
  formatEntityState?(stateObj: HassEntity): string;
}

/** Sections-view sizing: 12 columns across, rows of 56 px. */
export interface LovelaceGridOptions {
  columns?: number | 'full';
  rows?: number | 'auto';
  min_columns?: number;
  max_columns?: number;
  min_rows?: number;
  max_rows?: number;
}

export interface LovelaceCardConfig {
  type: string;
  [key: string]: unknown;
}

export interface LovelaceCard extends HTMLElement {
  hass?: HomeAssistant;
  setConfig(config: LovelaceCardConfig): void;
  getCardSize(): number | Promise<number>;
  getGridOptions?(): LovelaceGridOptions;
}

export interface LovelaceCardEditor extends HTMLElement {
  hass?: HomeAssistant;
  setConfig(config: LovelaceCardConfig): void;
}

/** An entry of `window.customCards`: how the card picker lists a custom card. */
export interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}
