import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  CSV_HEADER,
  batchByTime,
  formatFromPath,
  formatReading,
  readReadings,
  type ReadingFormat,
  type ReplayItem,
} from '../../../server/providers/replay.ts';

async function parse(text: string, format?: ReadingFormat): Promise<ReplayItem[]> {
  const items: ReplayItem[] = [];
  for await (const item of readReadings(Readable.from([text]), format)) items.push(item);
  return items;
}

function errors(items: ReplayItem[]): { line: number; message: string }[] {
  return items.flatMap((item) => (item.kind === 'error' ? [{ line: item.line, message: item.message }] : []));
}

describe('readReadings: JSON Lines', () => {
  it('parses distance and rssi readings, skipping blank and comment lines', async () => {
    const items = await parse(
      [
        '# recorded 2024-05-01',
        '{"t": 0, "device": "phone", "scanner": "AA:BB:CC:DD:EE:01", "distance": 2.5}',
        '',
        '{"t": 0.5, "device": "tag", "scanner": "kitchen", "rssi": -70}',
      ].join('\n'),
    );
    expect(items).toEqual([
      { kind: 'reading', line: 2, reading: { t: 0, device: 'phone', scanner: 'AA:BB:CC:DD:EE:01', distance: 2.5 } },
      { kind: 'reading', line: 4, reading: { t: 0.5, device: 'tag', scanner: 'kitchen', rssi: -70 } },
    ]);
  });

  it('passes value problems through raw for the engine to count', async () => {
    const items = await parse(
      [
        '{"t": 1, "device": "d", "scanner": "s", "distance": "unknown"}',
        '{"t": 1, "device": "d", "scanner": "s", "distance": -3}',
        '{"t": 1, "device": "d", "scanner": "s", "rssi": "unavailable"}',
      ].join('\n'),
    );
    expect(items.map((item) => item.kind === 'reading' && (item.reading.distance ?? item.reading.rssi))).toEqual([
      'unknown',
      -3,
      'unavailable',
    ]);
  });

  it('reports each structural problem with its line number and goes on', async () => {
    const items = await parse(
      [
        '{"t": 5, "device": "d", "scanner": "s", "distance": 1}', // 1 ok
        '{"t": 5, "device": "d", "scanner": "s", "distance": 1', // 2 not JSON
        '[1, 2]', // 3 not an object
        '{"t": "5", "device": "d", "scanner": "s", "distance": 1}', // 4 t not a number
        '{"device": "d", "scanner": "s", "distance": 1}', // 5 t missing
        '{"t": 4, "device": "d", "scanner": "s", "distance": 1}', // 6 backwards
        '{"t": 6, "scanner": "s", "distance": 1}', // 7 device missing
        '{"t": 6, "device": "", "scanner": "s", "distance": 1}', // 8 device empty
        '{"t": 6, "device": "d", "scanner": 7, "distance": 1}', // 9 scanner not a string
        '{"t": 6, "device": "d", "scanner": "s"}', // 10 no value
        '{"t": 6, "device": "d", "scanner": "s", "distance": 1, "rssi": -60}', // 11 both
        '{"t": 6, "device": "d", "scanner": "s", "distance": null, "rssi": -60}', // 12 ok: null is absent
        '42', // 13 not an object
      ].join('\n'),
    );
    const found = errors(items);
    expect(found.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
    const messages = found.map((e) => e.message);
    expect(messages[0]).toMatch(/^not valid JSON/);
    expect(messages[1]).toBe('expected a JSON object, got an array');
    expect(messages[2]).toBe('"t" must be a finite number of seconds, got "5"');
    expect(messages[3]).toBe('missing "t"');
    expect(messages[4]).toBe("t 4 is before the previous reading's t 5 (input must be sorted by t)");
    expect(messages[5]).toBe('missing "device"');
    expect(messages[6]).toBe('"device" must be a non-empty string, got ""');
    expect(messages[7]).toBe('"scanner" must be a non-empty string, got 7');
    expect(messages[8]).toBe('needs "distance" or "rssi"');
    expect(messages[9]).toBe('has both "distance" and "rssi"; give one');
    expect(messages[10]).toBe('expected a JSON object, got 42');
    expect(items.filter((item) => item.kind === 'reading').map((item) => item.line)).toEqual([1, 12]);
  });

  it('handles CRLF line endings', async () => {
    const items = await parse('{"t": 1, "device": "d", "scanner": "s", "distance": 1}\r\n\r\n');
    expect(items).toHaveLength(1);
    expect(items[0]?.kind).toBe('reading');
  });
});

describe('readReadings: CSV', () => {
  it('parses rows under a header, in any column order, converting numbers', async () => {
    const items = await parse(
      [
        'scanner,t,device,distance,rssi,note',
        'aa:bb:cc:dd:ee:01,1.5,phone,2.25,,x',
        '"kitchen, east",2,phone,,-71.5,',
        'hall,2,phone,unknown,,',
      ].join('\n'),
      'csv',
    );
    expect(errors(items)).toEqual([]);
    expect(items.map((item) => item.kind === 'reading' && item.reading)).toEqual([
      { t: 1.5, device: 'phone', scanner: 'aa:bb:cc:dd:ee:01', distance: 2.25 },
      { t: 2, device: 'phone', scanner: 'kitchen, east', rssi: -71.5 },
      { t: 2, device: 'phone', scanner: 'hall', distance: 'unknown' },
    ]);
  });

  it('is detected on stdin by a first line that is not JSON', async () => {
    const items = await parse('\n# comment\nt,device,scanner,distance\n3,d,s,1.5\n');
    expect(items).toEqual([{ kind: 'reading', line: 4, reading: { t: 3, device: 'd', scanner: 's', distance: 1.5 } }]);
  });

  it('reports malformed rows with their line numbers', async () => {
    const items = await parse(
      [
        't,device,scanner,distance,rssi',
        '1,d,s,1,', // 2 ok
        'abc,d,s,1,', // 3 t not a number
        '2,d,s,1', // 4 column count
        '2,,s,1,', // 5 device missing
        '2,d,s,,', // 6 no value
        '2,d,s,1,-60', // 7 both
        '0.5,d,s,1,', // 8 backwards
        '2,"d,s,1,', // 9 open quote
      ].join('\n'),
      'csv',
    );
    expect(errors(items)).toEqual([
      { line: 3, message: '"t" must be a finite number of seconds, got "abc"' },
      { line: 4, message: 'expected 5 CSV columns, got 4' },
      { line: 5, message: 'missing "device"' },
      { line: 6, message: 'needs "distance" or "rssi"' },
      { line: 7, message: 'has both "distance" and "rssi"; give one' },
      { line: 8, message: "t 0.5 is before the previous reading's t 1 (input must be sorted by t)" },
      { line: 9, message: 'unterminated quoted CSV field' },
    ]);
  });

  it('stops with one error when the header lacks required columns', async () => {
    const items = await parse('time,device,scanner,distance\n1,d,s,1\n2,d,s,1\n', 'csv');
    expect(items).toEqual([{ kind: 'error', line: 1, message: expect.stringMatching(/^CSV header must name/) }]);
  });

  it('round-trips readings written by formatReading', async () => {
    const readings = [
      { t: 1, device: 'phone "x"', scanner: 'a,b', distance: 1.234 },
      { t: 2, device: 'tag', scanner: 'hall', rssi: -60 },
    ];
    for (const format of ['csv', 'jsonl'] as const) {
      const lines = readings.map((r) => formatReading(r, format));
      const text = (format === 'csv' ? [CSV_HEADER, ...lines] : lines).join('\n');
      const items = await parse(text, format);
      expect(items.map((item) => item.kind === 'reading' && item.reading)).toEqual(readings);
    }
  });
});

describe('formatFromPath', () => {
  it('uses the extension', () => {
    expect(formatFromPath('/tmp/x.CSV')).toBe('csv');
    expect(formatFromPath('readings.jsonl')).toBe('jsonl');
    expect(formatFromPath('readings')).toBe('jsonl');
  });
});

describe('batchByTime', () => {
  it('groups consecutive readings with equal t and passes errors through', async () => {
    const text = [
      '{"t": 1, "device": "a", "scanner": "s1", "distance": 1}',
      '{"t": 1, "device": "b", "scanner": "s1", "distance": 2}',
      'oops',
      '{"t": 1, "device": "a", "scanner": "s2", "distance": 3}',
      '{"t": 2, "device": "a", "scanner": "s1", "distance": 4}',
      '{"t": 3, "device": "a", "scanner": "s1", "distance": 5}',
      '{"t": 3, "device": "b", "scanner": "s1", "distance": 6}',
    ].join('\n');
    const out = [];
    for await (const item of batchByTime(readReadings(Readable.from([text])))) {
      out.push(item.kind === 'batch' ? [item.t, item.readings.map((r) => r.distance)] : [item.kind, item.line]);
    }
    expect(out).toEqual([
      ['error', 3],
      [1, [1, 2, 3]],
      [2, [4]],
      [3, [5, 6]],
    ]);
  });

  it('with a window, groups the readings of one update cycle and dates the batch by its last reading', async () => {
    const at = (t: number) => ({ kind: 'reading' as const, reading: { t, device: 'a', scanner: 's', rssi: -50 } });
    const batches = [];
    for await (const item of batchByTime([at(0.01), at(0.05), at(0.12), at(0.13), at(1.0)], 0.1)) {
      if (item.kind === 'batch') batches.push([item.t, item.readings.map((r) => r.t)]);
    }
    expect(batches).toEqual([
      [0.05, [0.01, 0.05]],
      [0.13, [0.12, 0.13]],
      [1.0, [1.0]],
    ]);
  });

  it('accepts synchronous iterables', async () => {
    const items = [
      { kind: 'reading' as const, reading: { t: 0, device: 'a', scanner: 's', rssi: -50 } },
      { kind: 'truth' as const, t: 0 },
      { kind: 'reading' as const, reading: { t: 1, device: 'a', scanner: 's', rssi: -50 } },
    ];
    const kinds = [];
    for await (const item of batchByTime(items)) kinds.push(item.kind);
    expect(kinds).toEqual(['truth', 'batch', 'batch']);
  });
});
