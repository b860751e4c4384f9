/**
 * The fake's built-in commands: states, config, events, registries and services, answered as
 * Home Assistant 2024.3 answers them (including its error codes and messages).
 */
import { entitiesEvent, initialEntitiesEvent } from './compress.ts';
import { MATCH_ALL, type EventBus } from './events.ts';
import { FakeHaError, type CommandMessage } from './protocol.ts';
import { listForm, type DeviceRegistryEntry, type EntityRegistryEntry } from './registries.ts';
import type { ServiceRegistry } from './services.ts';
import type { CommandContext, CommandHandler } from './session.ts';
import { contextId, stateJson, type StateMachine } from './states.ts';

/** What the built-in commands read and change. */
export interface HomeData {
  readonly states: StateMachine;
  readonly bus: EventBus;
  readonly services: ServiceRegistry;
  readonly config: Record<string, unknown>;
  entityRegistry: EntityRegistryEntry[];
  deviceRegistry: DeviceRegistryEntry[];
}

/** Events a non-administrator may subscribe to (a part of Home Assistant's SUBSCRIBE_ALLOWLIST). */
const NON_ADMIN_EVENTS = new Set([
  'state_changed',
  'entity_registry_updated',
  'device_registry_updated',
  'area_registry_updated',
  'core_config_updated',
  'component_loaded',
  'service_registered',
  'service_removed',
]);

/** Home Assistant's seconds before it reloads a config entry after an entity is enabled. */
const RELOAD_AFTER_UPDATE_DELAY = 30;

export function builtinCommands(home: HomeData): Record<string, CommandHandler> {
  return {
    get_states: () => home.states.all().map(stateJson),
    get_config: () => home.config,

    subscribe_events: ({ message, connection, subscribe }) => {
      const eventType = optionalString(message, 'event_type') ?? MATCH_ALL;
      if (!connection.user?.isAdmin && !NON_ADMIN_EVENTS.has(eventType)) {
        throw new FakeHaError('unauthorized', 'Unauthorized');
      }
      let stop = (): void => {};
      const subscription = subscribe(() => stop());
      stop = home.bus.listen(eventType, (event) => subscription.push(event));
      return null;
    },

    subscribe_entities: ({ message, subscribe }) => {
      const entityIds = optionalStrings(message, 'entity_ids');
      const wanted = entityIds === undefined ? undefined : new Set(entityIds);
      let stop = (): void => {};
      const subscription = subscribe(() => stop());
      // Sent after the result, as Home Assistant does (the result first, then every state).
      subscription.push(initialEntitiesEvent(home.states.all(), entityIds));
      stop = home.states.onChange((change) => {
        if (wanted === undefined || wanted.has(change.entityId)) subscription.push(entitiesEvent(change));
      });
      return null;
    },

    'config/entity_registry/list': () => home.entityRegistry.map(listForm),
    'config/entity_registry/get': ({ message }) => findEntity(home, requiredString(message, 'entity_id')),
    'config/entity_registry/update': (context) => updateEntity(home, context),
    'config/device_registry/list': () => home.deviceRegistry,

    call_service: async ({ message, connection }) => {
      const context = { id: contextId(), parent_id: null, user_id: connection.user?.id ?? null };
      const returnResponse = message.return_response === true;
      const response = await home.services.call({
        domain: requiredString(message, 'domain'),
        service: requiredString(message, 'service'),
        data: (message.service_data as Record<string, unknown> | undefined) ?? {},
        target: message.target as Record<string, unknown> | undefined,
        returnResponse,
        context,
      });
      return returnResponse ? { context, response } : { context };
    },
  };
}

function updateEntity(home: HomeData, { message, connection }: CommandContext): unknown {
  if (!connection.user?.isAdmin) throw new FakeHaError('unauthorized', 'Unauthorized');
  const entry = findEntity(home, requiredString(message, 'entity_id'));
  const editable = ['name', 'icon', 'area_id', 'disabled_by', 'hidden_by', 'aliases', 'new_entity_id'] as const;
  for (const field of ['disabled_by', 'hidden_by'] as const) {
    if (field in message && message[field] !== null && message[field] !== 'user') {
      throw new FakeHaError('invalid_format', `expected 'user' or None for dictionary value @ data['${field}']`);
    }
  }
  const enabling = 'disabled_by' in message && message.disabled_by === null && entry.disabled_by !== null;
  if (enabling && entry.device_id !== null) {
    const device = home.deviceRegistry.find((candidate) => candidate.id === entry.device_id);
    if (device?.disabled_by) throw new FakeHaError('invalid_info', 'Device is disabled');
  }
  const changes: Record<string, unknown> = {};
  const entryFields = entry as unknown as Record<string, unknown>;
  for (const field of editable) {
    if (!(field in message)) continue;
    const key = field === 'new_entity_id' ? 'entity_id' : field;
    if (entryFields[key] === message[field]) continue;
    changes[key] = entryFields[key];
    entryFields[key] = message[field];
  }
  if (Object.keys(changes).length > 0) {
    home.bus.fire('entity_registry_updated', {
      action: 'update',
      entity_id: entry.entity_id,
      changes,
      ...('entity_id' in changes ? { old_entity_id: changes.entity_id } : {}),
    });
  }
  if (!enabling) return { entity_entry: entry };
  // Enabling takes effect once the integration reloads, or after a restart when it cannot.
  return entry.config_entry_id !== null
    ? { entity_entry: entry, reload_delay: RELOAD_AFTER_UPDATE_DELAY }
    : { entity_entry: entry, require_restart: true };
}

function findEntity(home: HomeData, entityId: string): EntityRegistryEntry {
  const entry = home.entityRegistry.find((candidate) => candidate.entity_id === entityId);
  if (entry === undefined) throw new FakeHaError('not_found', 'Entity not found');
  return entry;
}

function requiredString(message: CommandMessage, field: string): string {
  const value = message[field];
  if (typeof value !== 'string') throw new FakeHaError('invalid_format', `required key not provided @ data['${field}']`);
  return value;
}

function optionalString(message: CommandMessage, field: string): string | undefined {
  return message[field] === undefined ? undefined : requiredString(message, field);
}

function optionalStrings(message: CommandMessage, field: string): string[] | undefined {
  const value = message[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new FakeHaError('invalid_format', `expected a list of entity ids for dictionary value @ data['${field}']`);
  }
  return value;
}
