import { createHash, randomUUID } from 'node:crypto';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from '../common/errors';
import { Store } from '../store/store';
import { storeKeys } from '../store/keys';
import { canonicalJson } from '../common/canonical-json';
import { VendorRefusal } from '../vendors/vendor-adapter';
import { VendorCallError } from '../http/vendor-call-error';

/** A stored idempotency record. `unknown` means a placement may or may not have reached the vendor. */
interface IdempotencyRecord {
  state: 'in_progress' | 'unknown' | 'done';
  hash: string;
  token: string;
  at: number;
  result?: string;
}

/** How one idempotent operation is carried out. */
export interface IdempotentWork {
  /** Places the thing at the vendor; resolves with the stored result (an order id). */
  place(): Promise<string>;
  /** Looks for a placement a previous attempt may have made; its result, or null when there is none. */
  reconcile(): Promise<string | null>;
}

/** SHA-256 of the canonical JSON of an operation's input. */
export function hashInput(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * Exactly-once execution of submits and returns, keyed by (caller, idempotency key), on any Store. A key is claimed
 * atomically; the same key and input afterwards gets the stored result, a different input is refused, and a key
 * whose first attempt is still running is waited on for a bounded time and then reported as in progress. When a
 * placement's outcome is unknown (reset after commit, timeout), the next attempt reconciles with the vendor before
 * it ever places again. A refusal or a call that surely never reached the vendor releases the key.
 */
export class IdempotencyRecords {
  constructor(
    private readonly store: Store,
    private readonly options: { waitMs: number; pollMs: number; staleMs: number },
  ) {}

  /**
   * Runs `work` once for (caller, key, input). `ttlMs` is how long the record is kept (the vendor's replay window
   * at least). Throws IDEMPOTENCY_KEY_REUSED / IDEMPOTENCY_KEY_IN_PROGRESS as GraphQL errors; vendor refusals and
   * faults from `work` pass through.
   */
  async run(caller: string, key: string, input: unknown, ttlMs: number, work: IdempotentWork): Promise<string> {
    const storeKey = storeKeys.idempotency(caller, key);
    const hash = hashInput(input);
    const waitUntil = Date.now() + this.options.waitMs;
    for (;;) {
      const mine: IdempotencyRecord = { state: 'in_progress', hash, token: randomUUID(), at: Date.now() };
      if (await this.store.setIfAbsent(storeKey, JSON.stringify(mine), ttlMs)) {
        return this.execute(storeKey, mine, ttlMs, work, false);
      }
      const raw = await this.store.get(storeKey);
      if (raw === null) continue; // released between our two reads: claim again
      const existing = JSON.parse(raw) as IdempotencyRecord;
      if (existing.hash !== hash) throw new IdempotencyKeyReusedError();
      if (existing.state === 'done' && existing.result) return existing.result;
      const stale = existing.state === 'in_progress' && Date.now() - existing.at > this.options.staleMs;
      if (existing.state === 'unknown' || stale) {
        // A previous attempt may have placed it: take the record over, then look before placing.
        if (await this.store.compareAndSet(storeKey, raw, JSON.stringify(mine), ttlMs)) {
          return this.execute(storeKey, mine, ttlMs, work, true);
        }
        continue;
      }
      if (Date.now() >= waitUntil) throw new IdempotencyKeyInProgressError();
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }

  private async execute(storeKey: string, mine: IdempotencyRecord, ttlMs: number, work: IdempotentWork, reconcileFirst: boolean): Promise<string> {
    const claimed = JSON.stringify(mine);
    try {
      const result = (reconcileFirst ? await work.reconcile() : null) ?? (await work.place());
      await this.store.compareAndSet(storeKey, claimed, JSON.stringify({ ...mine, state: 'done', result }), ttlMs);
      return result;
    } catch (error) {
      const unknownOutcome = !(error instanceof VendorRefusal) && !(error instanceof VendorCallError && !error.maybeCommitted);
      if (unknownOutcome) {
        await this.store.compareAndSet(storeKey, claimed, JSON.stringify({ ...mine, state: 'unknown', at: Date.now() }), ttlMs);
      } else {
        await this.store.compareAndDelete(storeKey, claimed);
      }
      throw error;
    }
  }
}
