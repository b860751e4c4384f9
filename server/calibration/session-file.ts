/**
 * The calibration session kept across sidecar restarts: versioned JSON, replaced atomically (temp
 * file + rename) so a crash leaves the old state or the new one, never half of it. Only finished
 * spots are kept: a spot interrupted by a restart was not stood through and is dropped.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import type { SessionState } from './session.ts';

const VERSION = 1;

const number = { type: 'number' };
const reading = {
  type: 'object',
  required: ['t', 'scanner'],
  properties: { t: number, scanner: { type: 'string' }, rssi: number, distance: number },
  oneOf: [{ required: ['rssi'] }, { required: ['distance'] }],
};
const spot = {
  type: 'object',
  required: ['id', 'coordinates', 'floor', 'height', 'started', 'duration', 'readings'],
  properties: {
    id: { type: 'integer' },
    coordinates: { type: 'array', items: number, minItems: 3, maxItems: 3 },
    floor: { type: ['string', 'null'] },
    height: number,
    started: number,
    duration: number,
    readings: { type: 'array', items: reading },
  },
};
const SCHEMA = {
  type: 'object',
  required: ['version', 'session'],
  properties: {
    version: { const: VERSION },
    session: {
      type: 'object',
      required: ['device', 'entityId', 'name', 'started', 'nextSpot', 'spots'],
      properties: {
        device: { type: 'string' },
        entityId: { type: ['string', 'null'] },
        name: { type: 'string' },
        started: number,
        nextSpot: { type: 'integer' },
        spots: { type: 'array', items: spot },
      },
    },
  },
};

const ajv = new Ajv({ allowUnionTypes: true });
const validate = ajv.compile<{ version: number; session: Omit<SessionState, 'recording'> }>(SCHEMA);

/** The file does not hold a session this version can restore. */
export class SessionFileError extends Error {
  override name = 'SessionFileError';
}

/** The saved session, null when there is no file; throws SessionFileError when it cannot be used. */
export async function readSessionFile(file: string): Promise<SessionState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SessionFileError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SessionFileError(`${file} is not JSON: ${(err as Error).message}`);
  }
  if (!validate(data)) throw new SessionFileError(`${file} is not a calibration session of version ${VERSION}: ${ajv.errorsText(validate.errors, { dataVar: 'file' })}`);
  return { ...data.session, recording: null };
}

/** Saves the session's finished spots; null removes the file. */
export async function writeSessionFile(file: string, session: SessionState | null): Promise<void> {
  if (session === null) {
    await unlink(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return;
  }
  const { recording: _unfinished, ...kept } = session;
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  // The state folder is made on first use (a fresh install has none).
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(temp, `${JSON.stringify({ version: VERSION, session: kept })}\n`, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** Moves an unusable file out of the way (never deletes it: it may be worth a look); returns its new name. */
export async function moveAside(file: string): Promise<string> {
  for (let n = 0; ; n++) {
    const target = `${file}${n === 0 ? '' : `.${n}`}.broken`;
    try {
      // Exclusive: an earlier broken file set aside is never overwritten.
      await copyFile(file, target, constants.COPYFILE_EXCL);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    await unlink(file);
    return target;
  }
}
