/**
 * Seeded randomness for tests. Builds on the simulator's mulberry32 generator rather than
 * keeping a second copy of it, and adds the picks that test-data generators need.
 */
import { Prng } from '../../server/providers/prng.ts';

export class TestPrng extends Prng {
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}
