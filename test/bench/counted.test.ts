import { checkCounted, MAX_SOCKETS_PER_1000, naiveCalls, vendorCallLimit } from '../../bench/counted';

describe('bench counted figures', () => {
  it('P1: the limit is 1 + U, with ⌈U / batch⌉ for a kind read in batches', () => {
    expect(vendorCallLimit({ uniqueIds: 5 })).toBe(6);
    expect(vendorCallLimit({ uniqueIds: 5, batchedUniqueIds: 5, batchSize: 25 })).toBe(7);
    expect(vendorCallLimit({ uniqueIds: 0, batchedUniqueIds: 30, batchSize: 25 })).toBe(3);
    expect(() => vendorCallLimit({ uniqueIds: 0, batchedUniqueIds: 30 })).toThrow(/batchSize/);
    expect(naiveCalls({ lookups: 20 })).toBe(21);
  });

  it('P1: passes at the limit and fails one above it, naming the scenario', () => {
    const at = { name: 'aliases', lookups: 20, uniqueIds: 5, vendorCalls: 6 };
    expect(checkCounted({ lookups: [at] })).toEqual([]);
    const failures = checkCounted({ lookups: [{ ...at, vendorCalls: 20 }] });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ figure: 'P1', name: 'aliases' });
    expect(failures[0].message).toBe('P1 aliases: 20 vendor calls for 20 lookups, target <= 6 (naive 21)');
  });

  it('P1: a batch-read kind read once per id fails', () => {
    const orders = { name: 'orders', lookups: 60, uniqueIds: 0, batchedUniqueIds: 30, batchSize: 25 };
    expect(checkCounted({ lookups: [{ ...orders, vendorCalls: 2 }] })).toEqual([]);
    expect(checkCounted({ lookups: [{ ...orders, vendorCalls: 30 }] }).map((f) => f.figure)).toEqual(['P1']);
  });

  it('P5: new connections per 1,000 calls must stay below the threshold; a missing measure is not a failure', () => {
    expect(checkCounted({ lookups: [], socketsOpenedPer1000: 0 })).toEqual([]);
    expect(checkCounted({ lookups: [] })).toEqual([]);
    const failures = checkCounted({ lookups: [], socketsOpenedPer1000: MAX_SOCKETS_PER_1000 });
    expect(failures.map((f) => f.figure)).toEqual(['P5']);
    expect(checkCounted({ lookups: [], socketsOpenedPer1000: NaN }).map((f) => f.figure)).toEqual(['P5']);
  });
});
