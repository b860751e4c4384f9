/** A fake Home Assistant websocket server for tests: see server.ts. */
export { startFakeHomeAssistant, FakeHomeAssistant, type FakeHomeAssistantOptions } from './server.ts';
export { FakeConnection, type CommandContext, type CommandHandler, type FakeUser, type Subscription } from './session.ts';
export { FakeHaError, type CommandMessage, type Context, type ErrorCode, type ServerMessage } from './protocol.ts';
export { entityEntry, deviceEntry, registryId, type DeviceRegistryEntry, type EntityRegistryEntry, type EntityRegistryListEntry } from './registries.ts';
export { type ServiceCall, type ServiceHandler, type SupportsResponse } from './services.ts';
export { type HaEvent } from './events.ts';
export { type FakeState, type SetStateOptions, type StateJson } from './states.ts';
export { compressState, entitiesEvent, stateDiff, type CompressedState, type EntitiesEvent, type StateDiff } from './compress.ts';
export { waitUntil } from './wait.ts';
