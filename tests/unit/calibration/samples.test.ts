import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSamples, type SampleItem } from '../../../server/calibration/samples.ts';

async function parse(text: string): Promise<SampleItem[]> {
  const items: SampleItem[] = [];
  for await (const item of readSamples(Readable.from([text]))) items.push(item);
  return items;
}

describe('readSamples', () => {
  it('reads rssi and distance samples in any order, skipping blank and comment lines', async () => {
    const items = await parse(
      [
        '# kitchen session',
        '{"t": 5, "device": "tag", "scanner": "AA:BB:CC:DD:EE:01", "rssi": -71, "truth": [1, 2, 1.1]}',
        '',
        '{"t": 1, "device": "tag", "scanner": "kitchen", "distance": 3.5, "truth": [0, 0.5, 1]}',
      ].join('\r\n'),
    );
    expect(items).toEqual([
      { kind: 'sample', line: 2, sample: { scanner: 'AA:BB:CC:DD:EE:01', truth: [1, 2, 1.1], rssi: -71 } },
      { kind: 'sample', line: 4, sample: { scanner: 'kitchen', truth: [0, 0.5, 1], distance: 3.5 } },
    ]);
  });

  it('reports every malformed line with its number and reads on', async () => {
    const lines = [
      '{"t": 0, "device": "tag", "scanner": "a", "rssi": -70}',
      '{"t": 0, "device": "tag", "scanner": "a", "rssi": -70, "truth": [1, 2]}',
      '{"t": 0, "device": "tag", "scanner": "a", "rssi": "weak", "truth": [1, 2, 3]}',
      '{"t": 0, "device": "tag", "scanner": "a", "distance": -2, "truth": [1, 2, 3]}',
      '{"t": 0, "device": "tag", "scanner": "a", "distance": "unknown", "truth": [1, 2, 3]}',
      '{"t": 0, "device": "tag", "rssi": -70, "truth": [1, 2, 3]}',
      't,device,scanner,rssi',
      '{"t": 0, "device": "tag", "scanner": "a", "rssi": -70, "truth": [1, "2", 3]}',
      '{"t": 0, "device": "tag", "scanner": "a", "rssi": -70.5, "truth": [1, 2, 3]}',
    ];
    const items = await parse(lines.join('\n'));
    expect(items.map((item) => (item.kind === 'error' ? `${item.line}: ${item.message}` : `${item.line}: ok`))).toEqual([
      '1: missing "truth" (the true position [x, y, z])',
      '2: "truth" must be [x, y, z] in metres, got [1,2]',
      '3: "rssi" must be a finite number of dBm, got "weak"',
      '4: "distance" is unusable (negative): -2',
      '5: "distance" is unusable (unknown): "unknown"',
      '6: missing "scanner"',
      expect.stringMatching(/^7: not valid JSON: /),
      '8: "truth" must be [x, y, z] in metres, got [1,"2",3]',
      '9: ok',
    ]);
  });
});
