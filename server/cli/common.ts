/** Plumbing shared by the subcommands: options, config loading, input and output streams. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfigFile } from '../config/load.ts';
import type { FloorplanConfig, Problem } from '../config/types.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type HelpOption = { help: { type: 'boolean'; short: 'h' } };
type Values<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & HelpOption; strict: true; allowPositionals: false }>
>['values'];

/**
 * Parses a subcommand's options (plus --help). Returns the values, or the exit code when the
 * command is done: 0 after printing help, 2 after a usage error.
 */
export function parseOptions<O extends OptionsConfig>(
  command: string,
  argv: string[],
  options: O,
  usage: string,
): Values<O> | number {
  let values: Values<O>;
  try {
    const help: HelpOption = { help: { type: 'boolean', short: 'h' } };
    ({ values } = parseArgs({ args: argv, options: { ...options, ...help }, strict: true, allowPositionals: false }));
  } catch (err) {
    return usageError(command, (err as Error).message, usage);
  }
  // The generic values type cannot be narrowed inside this function; `help` is always declared.
  if ((values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return 0;
  }
  return values;
}

/** Prints a usage problem and the usage; returns the exit code for misuse. */
export function usageError(command: string, message: string, usage: string): number {
  process.stderr.write(`floorplan ${command}: ${message}\n\n${usage}`);
  return 2;
}

/** Reports a failure that is not the user's invocation (unreadable file…); returns exit code 1. */
export function fail(command: string, message: string): number {
  process.stderr.write(`floorplan ${command}: ${message}\n`);
  return 1;
}

/** `file:line:col: severity: path: message`, the form editors and CI annotate. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`;
}

/** Loads a floorplan config, printing every problem to stderr; null when it has errors. */
export async function loadConfigReporting(path: string): Promise<FloorplanConfig | null> {
  const { config, problems } = await loadConfigFile(path);
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  return config;
}

/** `-` means stdin. Opening a file before streaming surfaces a missing file as one clear error. */
export async function openInput(path: string): Promise<Readable> {
  if (path === '-') return process.stdin;
  const handle = await open(path, 'r');
  return handle.createReadStream();
}

/** Rounds for display: values from noisy radio do not deserve 17 digits. */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * Writes lines with backpressure, so a fast producer cannot buffer a huge run in memory. A reader
 * that goes away (EPIPE, e.g. `| head`) is not an error: write() then returns false to stop.
 */
export class LineWriter {
  private closed = false;
  private failure: Error | null = null;

  /** `-` means stdout. */
  constructor(
    readonly path: string,
    private readonly stream: Writable = path === '-' ? process.stdout : createWriteStream(path),
  ) {
    // A permanent listener: an 'error' without one would crash the process.
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') this.closed = true;
      else this.failure ??= err;
    });
  }

  /** False once the reader has gone away; throws if the output failed otherwise. */
  async write(line: string): Promise<boolean> {
    if (this.failure) throw this.failure;
    if (this.closed) return false;
    if (!this.stream.write(`${line}\n`)) {
      try {
        await once(this.stream, 'drain');
      } catch {
        // The permanent listener has classified the error.
        if (this.failure) throw this.failure;
      }
    }
    return !this.closed;
  }

  /** Flushes and closes a file; stdout stays open for the process to flush at exit. */
  async close(): Promise<void> {
    if (this.stream !== process.stdout && !this.failure) {
      this.stream.end();
      await once(this.stream, 'finish');
    }
    if (this.failure) throw this.failure;
  }
}
