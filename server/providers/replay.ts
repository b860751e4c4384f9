/**
 * Replay provider: parses recorded readings (JSON Lines or CSV) from a stream, line by line, so
 * memory stays flat however large the file. Structural problems are parse errors reported with
 * their line number; value problems ("unknown", negative distances…) pass through raw, because
 * the engine counts every rejection in one place.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { RawReading } from '../engine/types.ts';

export type ReadingFormat = 'jsonl' | 'csv';

export interface ParsedReading {
  kind: 'reading';
  /** 1-based line number in the input. */
  line: number;
  reading: RawReading;
}

export interface ParseError {
  kind: 'error';
  line: number;
  message: string;
}

export type ReplayItem = ParsedReading | ParseError;

/** Readings that share one timestamp, ready for Engine.processBatch. */
export interface ReadingBatch {
  kind: 'batch';
  t: number;
  readings: RawReading[];
}

const CSV_COLUMNS = ['t', 'device', 'scanner', 'distance', 'rssi'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

/** The format a readings file is in, by its extension. */
export function formatFromPath(path: string): ReadingFormat {
  return path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}

/** The lines of a text stream that carry data (not blank, not a `#` comment), with their line numbers. */
export async function* dataLines(input: Readable): AsyncGenerator<{ line: number; text: string }> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    yield { line, text };
  }
}

/** One JSON Lines record, or the error to report for its line. */
export function parseJsonLine(text: string, line: number): { kind: 'record'; record: unknown } | ParseError {
  try {
    return { kind: 'record', record: JSON.parse(text) };
  } catch (err) {
    return { kind: 'error', line, message: `not valid JSON: ${(err as Error).message}` };
  }
}

/**
 * Parses readings from `input`. Without `format` (stdin), the first line that is neither blank nor
 * a comment decides: a line starting with `{` means JSON Lines, anything else a CSV header.
 */
export async function* readReadings(input: Readable, format?: ReadingFormat): AsyncGenerator<ReplayItem> {
  let detected = format;
  // Column index per name, set by the CSV header line.
  let header: Map<CsvColumn, number> | null = null;
  let columnCount = 0;
  let previousT = -Infinity;

  for await (const { line, text } of dataLines(input)) {
    detected ??= text.trimStart().startsWith('{') ? 'jsonl' : 'csv';

    let candidate: unknown;
    if (detected === 'jsonl') {
      const parsed = parseJsonLine(text, line);
      if (parsed.kind === 'error') {
        yield parsed;
        continue;
      }
      candidate = parsed.record;
    } else {
      const cells = splitCsvLine(text);
      if (cells === null) {
        yield { kind: 'error', line, message: 'unterminated quoted CSV field' };
        continue;
      }
      if (header === null) {
        const parsed = parseCsvHeader(cells);
        if (typeof parsed === 'string') {
          // Without a usable header no row can be read; one error says it all.
          yield { kind: 'error', line, message: parsed };
          return;
        }
        header = parsed;
        columnCount = cells.length;
        continue;
      }
      if (cells.length !== columnCount) {
        yield { kind: 'error', line, message: `expected ${columnCount} CSV columns, got ${cells.length}` };
        continue;
      }
      candidate = csvRow(header, cells);
    }

    const result = toReading(candidate);
    if (typeof result === 'string') {
      yield { kind: 'error', line, message: result };
    } else if (result.t < previousT) {
      yield {
        kind: 'error',
        line,
        message: `t ${result.t} is before the previous reading's t ${previousT} (input must be sorted by t)`,
      };
    } else {
      previousT = result.t;
      yield { kind: 'reading', line, reading: result };
    }
  }
}

/**
 * Readings closer together than this are one Bermuda update cycle: Bermuda refreshes a device's
 * distance sensors one after another within a cycle, and solving them together gives one fix from
 * all the ranges rather than one per range.
 */
export const UPDATE_CYCLE_WINDOW_S = 0.1;

/**
 * Groups consecutive readings into batches: those with equal `t`, or with `window` > 0 those
 * within `window` seconds of the batch's first reading (the batch's `t` is its last reading's).
 * Any other item (parse errors, simulator ground truth) is passed through as soon as it arrives,
 * so it may precede the batch still being collected. Only one batch is held at a time.
 */
export async function* batchByTime<I extends { kind: string }>(
  items: AsyncIterable<I> | Iterable<I>,
  window = 0,
): AsyncGenerator<ReadingBatch | Exclude<I, { kind: 'reading' }>> {
  let batch: ReadingBatch | null = null;
  let start = 0;
  for await (const item of items) {
    if (!isReading(item)) {
      yield item as Exclude<I, { kind: 'reading' }>;
      continue;
    }
    const t = item.reading.t;
    if (batch !== null && (window > 0 ? t - start > window : t !== batch.t)) {
      yield batch;
      batch = null;
    }
    if (batch === null) {
      batch = { kind: 'batch', t, readings: [] };
      start = t;
    }
    batch.t = t;
    batch.readings.push(item.reading);
  }
  if (batch !== null) yield batch;
}

function isReading(item: { kind: string }): item is { kind: 'reading'; reading: RawReading } {
  return item.kind === 'reading';
}

/** The header line of a CSV file that `formatReading` writes. */
export const CSV_HEADER = CSV_COLUMNS.join(',');

/** One reading as a line (without newline) of JSON Lines, or of CSV under CSV_HEADER. */
export function formatReading(reading: RawReading, format: ReadingFormat): string {
  if (format === 'jsonl') return JSON.stringify(reading);
  return CSV_COLUMNS.map((column) => csvCell(reading[column])).join(',');
}

/** Checks the structure of one record; returns the reading or what is wrong with it. */
export function toReading(value: unknown): RawReading | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`;
  }
  const record = value as Record<string, unknown>;
  const { t, device, scanner } = record;
  // null counts as absent, like an empty CSV cell.
  const distance = record['distance'] ?? undefined;
  const rssi = record['rssi'] ?? undefined;

  if (t === undefined) return 'missing "t"';
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    return `"t" must be a finite number of seconds, got ${JSON.stringify(t)}`;
  }
  for (const [key, id] of [
    ['device', device],
    ['scanner', scanner],
  ] as const) {
    if (id === undefined) return `missing "${key}"`;
    if (typeof id !== 'string' || id.trim() === '') {
      return `"${key}" must be a non-empty string, got ${JSON.stringify(id)}`;
    }
  }
  if (distance === undefined && rssi === undefined) return 'needs "distance" or "rssi"';
  if (distance !== undefined && rssi !== undefined) return 'has both "distance" and "rssi"; give one';

  const reading: RawReading = { t, device: device as string, scanner: scanner as string };
  if (distance !== undefined) reading.distance = distance;
  else reading.rssi = rssi;
  return reading;
}

function parseCsvHeader(cells: string[]): Map<CsvColumn, number> | string {
  const header = new Map<CsvColumn, number>();
  cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    // Unknown columns are ignored, so exports with extra columns still load.
    if ((CSV_COLUMNS as readonly string[]).includes(name)) header.set(name as CsvColumn, index);
  });
  const missing = (['t', 'device', 'scanner'] as const).filter((column) => !header.has(column));
  if (missing.length > 0 || (!header.has('distance') && !header.has('rssi'))) {
    return `CSV header must name the columns t, device, scanner and distance and/or rssi; got "${cells.join(',')}"`;
  }
  return header;
}

const CSV_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A CSV row as the record JSON Lines would give, so both formats share one structural check. */
function csvRow(header: Map<CsvColumn, number>, cells: string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [column, index] of header) {
    const cell = (cells[index] ?? '').trim();
    if (cell === '') continue;
    const numeric = column === 't' || column === 'distance' || column === 'rssi';
    record[column] = numeric && CSV_NUMBER.test(cell) ? Number(cell) : cell;
  }
  return record;
}

/** Splits one CSV line; fields may be double-quoted with "" as an escaped quote. Null if a quote is left open. */
function splitCsvLine(line: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) return null;
  cells.push(cell);
  return cells;
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
