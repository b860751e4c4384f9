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
