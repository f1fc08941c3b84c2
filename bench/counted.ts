/**
 * The counted figures (P1 vendor calls, P5 new connections) and their targets. Pure, so that the pass/fail rule
 * is tested without starting anything; `run.ts` feeds it what the simulator counted.
 */

/** One P1 scenario: N lookups over unique ids, and the vendor requests the simulator saw for it. */
export interface LookupCount {
  name: string;
  /** N: lookups the operation(s) named, duplicates included. */
  lookups: number;
  /** Unique ids of a kind the vendor can only read one at a time (AT&T carts). */
  uniqueIds: number;
  /** Unique ids of a kind the vendor reads in batches (AT&T orders, through the orders query). */
  batchedUniqueIds?: number;
  /** Ids per batch read; required when `batchedUniqueIds` is set. */
  batchSize?: number;
  /** Requests the simulator counted for the scenario. */
  vendorCalls: number;
}

export interface CountedInput {
  lookups: LookupCount[];
  /** P5: sockets the simulator accepted per 1,000 vendor calls at steady state; undefined when not measured. */
  socketsOpenedPer1000?: number;
}

export interface CountedFailure {
  figure: 'P1' | 'P5';
  name: string;
  message: string;
}

/**
 * "≈ 0" made checkable: a keep-alive pool at a steady concurrency opens no socket at all, so anything at or above
 * one per thousand calls means connections are being churned.
 */
export const MAX_SOCKETS_PER_1000 = 1;

/** P1 target: 1 + U, where a batch-read kind counts ⌈U / batch⌉ instead of U. */
export function vendorCallLimit(count: Pick<LookupCount, 'uniqueIds' | 'batchedUniqueIds' | 'batchSize'>): number {
  const batched = count.batchedUniqueIds ?? 0;
  if (batched > 0 && !(count.batchSize && count.batchSize > 0)) throw new Error('batchSize is required with batchedUniqueIds');
  return 1 + count.uniqueIds + (batched > 0 ? Math.ceil(batched / count.batchSize!) : 0);
}

/** What a loader-less server costs: one call for the root plus one per lookup. */
export function naiveCalls(count: Pick<LookupCount, 'lookups'>): number {
  return 1 + count.lookups;
}

/** Every counted figure that misses its target; empty when all pass. */
export function checkCounted(input: CountedInput): CountedFailure[] {
  const failures: CountedFailure[] = [];
  for (const count of input.lookups) {
    const limit = vendorCallLimit(count);
    if (!(count.vendorCalls <= limit)) {
      failures.push({
        figure: 'P1',
        name: count.name,
        message: `P1 ${count.name}: ${count.vendorCalls} vendor calls for ${count.lookups} lookups, target <= ${limit} (naive ${naiveCalls(count)})`,
      });
    }
  }
  const sockets = input.socketsOpenedPer1000;
  if (sockets !== undefined && !(sockets < MAX_SOCKETS_PER_1000)) {
    failures.push({
      figure: 'P5',
      name: 'new upstream connections',
      message: `P5 new upstream connections: ${sockets.toFixed(2)} per 1,000 vendor calls, target < ${MAX_SOCKETS_PER_1000} (≈ 0)`,
    });
  }
  return failures;
}
