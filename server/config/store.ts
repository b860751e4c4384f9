/**
 * The live floorplan.yaml of a running sidecar: where it is read from and written to (a local file,
 * or Home Assistant's config folder through the integration), the last configuration that loaded,
 * and edits that keep the user's comments and layout. A file that stops loading never replaces the
 * configuration in use, and an edit is only written over the text it was made from.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { editConfigText, replaceFileAtomically, type ConfigChange } from './edit.ts';
import { loadConfigText } from './load.ts';
import type { FloorplanConfig, Problem } from './types.ts';

export interface ConfigSource {
  /** Where the file is, for messages. */
  readonly label: string;
  /** The file's text, or null when it does not exist. */
  read(): Promise<string | null>;
  /** Writes `text` if the file still holds `previous` (null: still does not exist); else throws ConfigEditError. */
  write(text: string, previous: string | null): Promise<void>;
}

export function fileSource(path: string): ConfigSource {
  return {
    label: path,
    async read() {
      try {
        return await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async write(text, previous) {
      // 'wx' refuses to overwrite a file that appeared meanwhile, like the content check below.
      if (previous === null) await writeFile(path, text, { encoding: 'utf8', flag: 'wx' });
      else await replaceFileAtomically(path, text, previous);
    },
  };
}

/** Thrown by `load` when the file has errors; the configuration in use stays. */
export class ConfigLoadError extends Error {
  override name = 'ConfigLoadError';
  constructor(
    readonly problems: Problem[],
    label: string,
  ) {
    const errors = problems.filter((p) => p.severity === 'error');
    const first = errors[0];
    const where = first ? `line ${first.line}: ${first.path === '' ? '' : `${first.path}: `}${first.message}` : 'unknown error';
    super(`${label} has ${errors.length} error${errors.length === 1 ? '' : 's'}; keeping the configuration in use. First: ${where}`);
  }
}

export class ConfigStore {
  private loaded: FloorplanConfig | null = null;

  constructor(readonly source: ConfigSource) {}

  /** The configuration in use; `load` must have succeeded once. */
  get config(): FloorplanConfig {
    if (this.loaded === null) throw new Error('floorplan.yaml has not been loaded');
    return this.loaded;
  }

  /** Reads the file again. A missing file is an empty floor plan; one with errors throws ConfigLoadError. */
  async load(): Promise<{ config: FloorplanConfig; warnings: Problem[] }> {
    const text = await this.source.read();
    const { config, problems } = loadConfigText(text ?? '', this.source.label);
    if (config === null) throw new ConfigLoadError(problems, this.source.label);
    this.loaded = config;
    return { config, warnings: problems };
  }

  /**
   * Applies the changes to the file as it is now (not as last loaded: a user may have edited it
   * since), writes it if nobody changed it meanwhile, and makes the result the configuration in use.
   */
  async change(changes: readonly ConfigChange[]): Promise<FloorplanConfig> {
    const current = await this.source.read();
    const edited = editConfigText(current ?? '', changes, this.source.label);
    if (edited !== current) await this.source.write(edited, current);
    const { config } = loadConfigText(edited, this.source.label);
    // editConfigText refuses results with errors, so this always loads.
    this.loaded = config!;
    return config!;
  }
}
