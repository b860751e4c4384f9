/**
 * Registry entries as Home Assistant (2024.3 and later) returns them over the websocket API.
 * Only the fields discovery reads are required; the rest are listed so fixtures can be written as
 * HA sends them, and optional because later versions add fields and a few are absent in older ones.
 */

/** Why an entity is disabled (HA's RegistryEntryDisabler); null when it is enabled. */
export type RegistryDisabler = 'user' | 'integration' | 'config_entry' | 'device' | 'hass';

/** One element of the `config/entity_registry/list` result (HA's `RegistryEntry.as_partial_dict`). */
export interface EntityRegistryEntry {
  entity_id: string;
  /** Unique within (domain, platform); Bermuda builds it from device keys and MACs. */
  unique_id: string;
  /** The integration that created the entity, e.g. `bermuda`, `esphome`, `private_ble_device`. */
  platform: string;
  device_id: string | null;
  disabled_by: RegistryDisabler | null;
  id?: string;
  area_id?: string | null;
  config_entry_id?: string | null;
  entity_category?: 'config' | 'diagnostic' | null;
  has_entity_name?: boolean;
  hidden_by?: 'user' | 'integration' | null;
  icon?: string | null;
  name?: string | null;
  options?: Record<string, unknown>;
  original_name?: string | null;
  translation_key?: string | null;
  /** Since 2024.4. */
  labels?: string[];
  categories?: Record<string, string>;
}

/** `[connection type, value]`; the types discovery reads are `mac` and `bluetooth`. */
export type DeviceConnection = [type: string, value: string];

/** One element of the `config/device_registry/list` result (HA's `DeviceEntry.dict_repr`). */
export interface DeviceRegistryEntry {
  id: string;
  /** The integration's name for the device. */
  name: string | null;
  /** The name a user gave it in the UI; shown instead of `name` when set. */
  name_by_user: string | null;
  /** E.g. `["mac", "a0:b7:65:15:3c:40"]` (ESPHome's WiFi MAC), `["bluetooth", "A0:B7:65:15:3C:42"]`. */
  connections: DeviceConnection[];
  identifiers?: [domain: string, id: string][];
  config_entries?: string[];
  area_id?: string | null;
  configuration_url?: string | null;
  disabled_by?: 'user' | 'integration' | 'config_entry' | null;
  entry_type?: 'service' | null;
  hw_version?: string | null;
  manufacturer?: string | null;
  model?: string | null;
  serial_number?: string | null;
  sw_version?: string | null;
  via_device_id?: string | null;
  /** Since 2024.4. */
  labels?: string[];
}

/** The name HA shows for a device: the user's, else the integration's; null when neither is set (or blank). */
export function deviceDisplayName(device: DeviceRegistryEntry): string | null {
  for (const name of [device.name_by_user, device.name]) {
    if (name !== null && name !== undefined && name.trim() !== '') return name;
  }
  return null;
}
