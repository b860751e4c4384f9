/** The editor's failed requests as sentences that say what to do. */
import { describeError } from '../shared/data.ts';

export function editorError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'not_set_up') {
    return 'The Floorplan Presence integration is not set up: add it under Settings → Devices & services, then try again.';
  }
  if (code === 'not_connected') {
    return 'The floorplan sidecar is not connected to Home Assistant, so the plan cannot be read or saved. Start it (floorplan serve) and try again.';
  }
  return describeError(error);
}
