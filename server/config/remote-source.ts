/**
 * floorplan.yaml read and written through the floorplan integration, for a sidecar that runs on
 * another machine than Home Assistant (docs/HOME-ASSISTANT.md, floorplan/config/get and save).
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'home-assistant-js-websocket';
import { describeResultError } from '../providers/home-assistant/connection.ts';
import { ConfigEditError } from './edit.ts';
import type { ConfigSource } from './store.ts';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The integration is not there to ask. */
export class IntegrationUnavailableError extends Error {
  override name = 'IntegrationUnavailableError';
}

export async function integrationSource(connection: Connection): Promise<ConfigSource> {
  let first: { path: string; content: string | null };
  try {
    first = await connection.sendMessagePromise({ type: 'floorplan/config/get' });
  } catch (err) {
    const reason = describeResultError(err);
    throw new IntegrationUnavailableError(
      `cannot read floorplan.yaml through Home Assistant (${reason}): install and set up the floorplan integration, or give the file with --config`,
    );
  }
  return {
    label: `${first.path} (via Home Assistant)`,
    async read() {
      return (await connection.sendMessagePromise<{ content: string | null }>({ type: 'floorplan/config/get' })).content;
    },
    async write(text, previous) {
      try {
        await connection.sendMessagePromise({ type: 'floorplan/config/save', content: text, expected_sha256: previous === null ? null : sha256(previous) });
      } catch (err) {
        if ((err as { code?: string }).code === 'conflict') throw new ConfigEditError(`${first.path} changed on disk since it was read; not writing`);
        throw new Error(`Home Assistant could not save ${first.path}: ${describeResultError(err)}`);
      }
    },
  };
}
