import { describe, expect, it } from 'vitest';
import { isMac, normaliseNodeId } from '../../../server/config/node-id.ts';

describe('normaliseNodeId', () => {
  it.each([
    ['AA:BB:CC:DD:EE:FF', 'aa:bb:cc:dd:ee:ff'],
    ['aa-bb-cc-dd-ee-ff', 'aa:bb:cc:dd:ee:ff'],
    ['Aa-bB-0c-D1-e2-F3', 'aa:bb:0c:d1:e2:f3'],
    ['AABBCCDDEEFF', 'aa:bb:cc:dd:ee:ff'],
    ['  a0:b7:65:15:3c:42 ', 'a0:b7:65:15:3c:42'],
  ])('MAC %j → %j', (input, expected) => {
    expect(normaliseNodeId(input)).toBe(expected);
    expect(isMac(input)).toBe(true);
  });

  it.each([
    ['office-proxy', 'office-proxy'],
    ['  Office Proxy  ', 'Office Proxy'],
    ['AA:BB:CC:DD:EE', 'AA:BB:CC:DD:EE'], // five pairs
    ['AA:BB:CC:DD:EE:FF:00', 'AA:BB:CC:DD:EE:FF:00'], // seven pairs
    ['AA:BB-CC:DD:EE:FF', 'AA:BB-CC:DD:EE:FF'], // mixed separators
    ['GG:BB:CC:DD:EE:FF', 'GG:BB:CC:DD:EE:FF'], // not hex
    ['AABBCCDDEEF', 'AABBCCDDEEF'], // eleven digits
    ['AA.BB.CC.DD.EE.FF', 'AA.BB.CC.DD.EE.FF'],
    ['', ''],
  ])('non-MAC %j → %j', (input, expected) => {
    expect(normaliseNodeId(input)).toBe(expected);
    expect(isMac(input)).toBe(false);
  });

  it('is idempotent', () => {
    for (const id of ['AA-BB-CC-DD-EE-FF', 'office-proxy ', 'aabbccddeeff']) {
      expect(normaliseNodeId(normaliseNodeId(id))).toBe(normaliseNodeId(id));
    }
  });
});
