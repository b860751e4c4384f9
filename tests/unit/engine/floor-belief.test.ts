/** The floor decision: a sticky belief over floors, reported with hysteresis. */
import { describe, expect, it } from 'vitest';
import { FloorBelief } from '../../../server/engine/floor-belief.ts';

const costs = (ground: number, first: number) => new Map<string | null, number>([['ground', ground], ['first', first]]);

describe('floor belief', () => {
  it('keeps the reported floor while the evidence is near even, and changes it when the evidence is clear', () => {
    const belief = new FloorBelief();
    expect(belief.reset(0, costs(0, 0.5))).toBe('ground');
    // Now first is a little likelier (about 52 : 48): not enough to leave ground.
    expect(belief.update(0.1, costs(0.6, 0))).toBe('ground');
    // Clear evidence for first.
    expect(belief.update(0.2, costs(3, 0))).toBe('first');
  });

  it('starts over without regard to the floor it reported before', () => {
    const belief = new FloorBelief();
    belief.reset(0, costs(5, 0));
    expect(belief.current).toBe('first');
    expect(belief.reset(10, costs(0, 0.1))).toBe('ground');
  });

  it('drops a floor none of whose nodes can be solved any more', () => {
    const belief = new FloorBelief();
    belief.reset(0, costs(0, 0.2));
    expect(belief.update(1, new Map([['first', 0]]))).toBe('first');
  });
});
