/**
 * Entity and device registry entries in the shapes Home Assistant 2024.3 sends them
 * (RegistryEntry.as_partial_dict / extended_dict, DeviceEntry.dict_repr), with builders that
 * fill the fields a test does not care about.
 */
import { randomBytes } from 'node:crypto';

/** One element of config/entity_registry/list. */
export interface EntityRegistryListEntry {
  area_id: string | null;
  config_entry_id: string | null;
  device_id: string | null;
  disabled_by: 'config_entry' | 'device' | 'hass' | 'integration' | 'user' | null;
  entity_category: 'config' | 'diagnostic' | null;
  entity_id: string;
  has_entity_name: boolean;
  hidden_by: 'integration' | 'user' | null;
  icon: string | null;
  id: string;
  name: string | null;
  options: Record<string, Record<string, unknown>>;
  original_name: string | null;
  platform: string;
  translation_key: string | null;
  unique_id: string;
}

/** What config/entity_registry/get and /update return: the list fields and a few more. */
export interface EntityRegistryEntry extends EntityRegistryListEntry {
  aliases: string[];
  capabilities: Record<string, unknown> | null;
  device_class: string | null;
  original_device_class: string | null;
  original_icon: string | null;
}

/** One element of config/device_registry/list. */
export interface DeviceRegistryEntry {
  area_id: string | null;
  configuration_url: string | null;
  config_entries: string[];
  /** [type, value] pairs, e.g. ["bluetooth", "AA:BB:CC:DD:EE:FF"]. */
  connections: [string, string][];
  disabled_by: 'config_entry' | 'integration' | 'user' | null;
  entry_type: 'service' | null;
  hw_version: string | null;
  id: string;
  /** [domain, id] pairs, e.g. ["bermuda", "aa:bb:cc:dd:ee:ff"]. */
  identifiers: [string, string][];
  manufacturer: string | null;
  model: string | null;
  name_by_user: string | null;
  name: string | null;
  serial_number: string | null;
  sw_version: string | null;
  via_device_id: string | null;
}

/** A registry id: 32 hex characters, like uuid4().hex. */
export function registryId(): string {
  return randomBytes(16).toString('hex');
}

export function entityEntry(
  fields: Partial<EntityRegistryEntry> & Pick<EntityRegistryEntry, 'entity_id'>,
): EntityRegistryEntry {
  const [domain = 'sensor', objectId = fields.entity_id] = fields.entity_id.split('.', 2);
  return {
    area_id: null,
    config_entry_id: null,
    device_id: null,
    disabled_by: null,
    entity_category: null,
    has_entity_name: false,
    hidden_by: null,
    icon: null,
    id: registryId(),
    name: null,
    options: {},
    original_name: null,
    platform: domain,
    translation_key: null,
    unique_id: objectId,
    aliases: [],
    capabilities: null,
    device_class: null,
    original_device_class: null,
    original_icon: null,
    ...fields,
  };
}

export function deviceEntry(fields: Partial<DeviceRegistryEntry> = {}): DeviceRegistryEntry {
  return {
    area_id: null,
    configuration_url: null,
    config_entries: [],
    connections: [],
    disabled_by: null,
    entry_type: null,
    hw_version: null,
    id: registryId(),
    identifiers: [],
    manufacturer: null,
    model: null,
    name_by_user: null,
    name: null,
    serial_number: null,
    sw_version: null,
    via_device_id: null,
    ...fields,
  };
}

/** The list form: an entry without the fields only /get and /update return. */
export function listForm(entry: EntityRegistryEntry): EntityRegistryListEntry {
  const { aliases, capabilities, device_class, original_device_class, original_icon, ...listed } = entry;
  return listed;
}
