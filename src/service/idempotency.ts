import { createHash, randomUUID } from 'node:crypto';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from '../common/errors';
import { canonicalJson } from '../common/canonical-json';
import { ProductOrder } from '../order/product-order.type';
import { OrderState } from '../common/order-state';
import { Store } from '../store/store';
import { storeKeys } from '../store/keys';
import { VendorCallError } from '../http/vendor-call-error';
import { Reconciliation, VendorAdapter, VendorCallContext, VendorRefusal, WriteRecord, WriteSteps } from '../vendors/vendor-adapter';

/**
 * A stored idempotency record. `in_progress`: an attempt owns the key (identified by `token`). `done`: the vendor
 * holds the order `orderVendorId`. `unknown`: an attempt may have reached the vendor and no readable answer said
 * whether it did; the next attempt, on any replica, reconciles before anything is sent again. `write` is what is
 * needed to find the order again without the request; it never holds a card number.
 */
export interface IdempotencyRecord {
  state: 'in_progress' | 'unknown' | 'done';
  /** SHA-256 of the canonical input: the same key with another input is refused. */
  hash: string;
  token: string;
  /** When the record last changed (ms). An `in_progress` record this old is taken over as unknown. */
  at: number;
  /** When the write was first attempted (ms). */
  createdAt: number;
  /**
   * When the last attempt that may have reached the vendor unanswered ended (ms): until `staleMs` after it, the vendor
   * may still act on it, so a read showing nothing placed is no proof. Absent in older records: `at` stands in.
   */
  sentAt?: number;
  write: WriteRecord;
  orderVendorId?: string;
  /** The order's state when the write was committed: answered when the vendor cannot be read back (404, empty). */
  orderState?: OrderState;
}

/** One write to run once: who asks, under which key, with which input, and what the record keeps about it. */
export interface IdempotentWrite {
  key: string;
  input: unknown;
  /** How long the record is kept: the vendor's own replay window at least. */
  ttlMs: number;
  write: WriteRecord;
}

/** How to reach the vendor for this write: its reconcile port, and the call that places the write. */
export interface WriteCall {
  ctx: VendorCallContext;
  adapter: Pick<VendorAdapter, 'reconcile'>;
  /** Places the write; a multi-step write reports each step it completes, and resumes after `steps.reached`. */
  send(steps: WriteSteps): Promise<ProductOrder>;
}

/**
 * What running a write once gave. `committed`: the vendor holds `order` (placed now, or found by reconciling).
 * `stored`: an earlier attempt placed it; read `orderVendorId`. `unknown`: the record is kept as unknown and the
 * client should retry with the same key after `retryAfterSeconds`; `cause` is the fault that left it unknown.
 */
export type WriteOutcome =
  | { outcome: 'committed'; order: ProductOrder }
  | { outcome: 'stored'; orderVendorId: string; orderState?: OrderState }
  | { outcome: 'unknown'; retryAfterSeconds: number; cause: unknown };

/** Tuning of the records. */
export interface IdempotencyOptions {
  /** How long a second attempt waits for a running first one before IDEMPOTENCY_KEY_IN_PROGRESS. */
  waitMs: number;
  pollMs: number;
  /**
   * An `in_progress` record older than this belongs to an attempt that died: it is reconciled. It is also how long
   * after an attempt that may have reached the vendor a read showing nothing placed is not yet proof: the vendor may
   * still act on a request the subgraph gave up on.
   */
  staleMs: number;
  /** What an unknown outcome tells the client to wait before retrying. */
  retryAfterSeconds?: number;
}

/** When the last attempt of a record that may have reached the vendor ended (`sentAt`; `at` in older records). */
export function lastSentAt(record: Pick<IdempotencyRecord, 'sentAt' | 'at'>): number {
  return record.sentAt ?? record.at;
}

/**
 * True while an attempt that ended at `sentAt` may still land: the vendor may act on a request the subgraph gave up
 * on for `windowMs` after. Until then a read showing nothing placed is no proof, for a retry and for the sweep alike.
 */
export function mayStillLand(sentAt: number, windowMs: number): boolean {
  return Date.now() - sentAt <= windowMs;
}

/** SHA-256 of the canonical JSON of an operation's input. */
export function hashInput(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The store key of a (caller, idempotency key) pair. */
export function recordKey(callerId: string, key: string): string {
  return storeKeys.idempotency(callerId, key);
}

/** The list of records that were ever left unknown, newest first, which the sweep walks. */
export const UNKNOWN_INDEX = 'idem:unknown';

/** Points from a cart to the record of its last unknown submit, so that `Cart.submission` finds it without the key. */
function cartPointer(vendor: string, cartVendorId: string): string {
  return `idem:cart:${vendor}:${cartVendorId}`;
}

/**
 * True when a failed write provably changed nothing at the vendor: a refusal, or a request that never left (refused
 * connection, DNS, a 429). An unreadable answer (`bad_response`: malformed, HTML, wrong shape, oversized) means the
 * request did arrive, so for a write it is never proof of anything, whatever the HTTP layer could tell.
 */
function surelyNotCommitted(error: unknown): boolean {
  if (error instanceof VendorRefusal) return true;
  return error instanceof VendorCallError && !error.maybeCommitted && error.kind !== 'bad_response';
}

/**
 * Exactly-once vendor writes, keyed by (caller, idempotency key), on any Store. `runOnce` claims the key atomically
 * and then either answers the stored result, reconciles an earlier unknown attempt with the vendor, or sends the
 * write; it ends the record as `done`, `unknown` (kept, never deleted once the request may have left) or released
 * (a refusal, or a call that surely never reached the vendor). The same key with another input is
 * IDEMPOTENCY_KEY_REUSED; a key whose first attempt is still running is waited on, then IDEMPOTENCY_KEY_IN_PROGRESS.
 */
export class IdempotencyRecords {
  constructor(
    private readonly store: Store,
    private readonly options: IdempotencyOptions,
  ) {}

  private get retryAfterSeconds(): number {
    return this.options.retryAfterSeconds ?? 5;
  }

  /**
   * Runs `call.send()` at most once for the write's (caller, key, input), reconciling first when an earlier attempt
   * may have reached the vendor. Throws IDEMPOTENCY_KEY_REUSED / IDEMPOTENCY_KEY_IN_PROGRESS as GraphQL errors, and
   * a VendorRefusal or a not-committed fault from the vendor as they are; a possibly committed fault becomes
   * the `unknown` outcome.
   */
  async runOnce(write: IdempotentWrite, call: WriteCall): Promise<WriteOutcome> {
    const storeKey = recordKey(write.write.callerId, write.key);
    const hash = hashInput(write.input);
    const waitUntil = Date.now() + this.options.waitMs;
    for (;;) {
      const now = Date.now();
      const fresh: IdempotencyRecord = { state: 'in_progress', hash, token: randomUUID(), at: now, createdAt: now, write: write.write };
      if (await this.store.setIfAbsent(storeKey, JSON.stringify(fresh), write.ttlMs)) return this.attempt(storeKey, fresh, write.ttlMs, call);

      const raw = await this.store.get(storeKey);
      if (raw === null) continue; // released between our two reads: claim again
      const existing = JSON.parse(raw) as IdempotencyRecord;
      if (existing.hash !== hash) throw new IdempotencyKeyReusedError();
      if (existing.state === 'done' && existing.orderVendorId)
        return { outcome: 'stored', orderVendorId: existing.orderVendorId, orderState: existing.orderState };
      const stale = existing.state === 'in_progress' && now - existing.at > this.options.staleMs;
      if (existing.state === 'unknown' || stale) {
        // An earlier attempt may have placed it: take the record over (keeping what it learnt), then look first.
        const mine: IdempotencyRecord = { ...existing, state: 'in_progress', token: randomUUID(), at: now };
        if (await this.store.compareAndSet(storeKey, raw, JSON.stringify(mine), write.ttlMs))
          return this.attempt(storeKey, mine, write.ttlMs, call, lastSentAt(existing));
        continue;
      }
      if (now >= waitUntil) throw new IdempotencyKeyInProgressError();
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }

  /**
   * The caller's submit of a cart whose outcome is still being confirmed (unknown, or taken over by a retry that is
   * reconciling it now), or null. Only the caller who submitted sees it.
   */
  async pendingSubmit(vendor: string, cartVendorId: string, callerId: string): Promise<{ retryAfterSeconds: number } | null> {
    const storeKey = await this.store.get(cartPointer(vendor, cartVendorId));
    const raw = storeKey ? await this.store.get(storeKey) : null;
    if (!raw) return null;
    const record = JSON.parse(raw) as IdempotencyRecord;
    if (record.write.callerId !== callerId || record.state === 'done') return null;
    return { retryAfterSeconds: this.retryAfterSeconds };
  }

  /**
   * `earlierAt`: when the last earlier attempt that may have reached the vendor ended (`sentAt`), for a retry (which
   * reconciles first); undefined for a first attempt.
   */
  private async attempt(storeKey: string, claim: IdempotencyRecord, ttlMs: number, call: WriteCall, earlierAt?: number): Promise<WriteOutcome> {
    const reconcileFirst = earlierAt !== undefined;
    // What this attempt holds in the store: every change is a compare-and-set against it, so an attempt that lost the
    // record (taken over as stale) changes nothing.
    let mine = claim;
    let held = JSON.stringify(claim);
    const steps: WriteSteps = {
      reached: claim.write.step,
      reach: async (step) => {
        const next: IdempotencyRecord = { ...mine, write: { ...mine.write, step }, at: Date.now() };
        if (await this.store.compareAndSet(storeKey, held, JSON.stringify(next), ttlMs)) {
          mine = next;
          held = JSON.stringify(next);
        }
      },
      remember: async (facts) => {
        const next: IdempotencyRecord = { ...mine, write: { ...mine.write, ...facts }, at: Date.now() };
        if (!(await this.store.compareAndSet(storeKey, held, JSON.stringify(next), ttlMs)))
          throw new Error('the idempotency record was taken over; nothing is sent');
        mine = next;
        held = JSON.stringify(next);
      },
    };
    const settle = async (next: Partial<IdempotencyRecord>): Promise<void> => {
      await this.store.compareAndSet(storeKey, held, JSON.stringify({ ...mine, ...next, at: Date.now() }), ttlMs);
      const pointer = mine.write.cartVendorId ? cartPointer(mine.write.vendor, mine.write.cartVendorId) : undefined;
      if (next.state === 'unknown') {
        await this.store.listPrepend(UNKNOWN_INDEX, storeKey, ttlMs);
        if (pointer) await this.store.set(pointer, storeKey, ttlMs);
      } else if (pointer && reconcileFirst) {
        await this.store.compareAndDelete(pointer, storeKey);
      }
    };
    let resending = false;
    try {
      if (reconcileFirst) {
        const found = await call.adapter.reconcile(call.ctx, mine.write, 'retry');
        if (found.outcome === 'committed') {
          await settle({ state: 'done', orderVendorId: found.order.vendorId, orderState: found.order.state });
          return found;
        }
        if (found.outcome === 'unknown') {
          await settle({ state: 'unknown' });
          return { outcome: 'unknown', retryAfterSeconds: this.retryAfterSeconds, cause: new Error(found.reason) };
        }
        // not_committed, or resend (a repeat answers the order already placed): the write is sent again.
        resending = true;
      }
      const order = await call.send(steps);
      await settle({ state: 'done', orderVendorId: order.vendorId, orderState: order.state });
      return { outcome: 'committed', order };
    } catch (error) {
      if (surelyNotCommitted(error) && !reconcileFirst) {
        await this.store.compareAndDelete(storeKey, held);
        throw error;
      }
      if (error instanceof VendorRefusal && resending) {
        // The write sent again after a read found nothing placed was refused. The earlier attempt may have landed in
        // between, and this be the vendor refusing a repeat of it (Oracle: the order is no longer INCOMPLETE): look
        // again before the key goes.
        const again = await call.adapter
          .reconcile(call.ctx, mine.write, 'retry')
          .catch((): Reconciliation => ({ outcome: 'unknown', reason: 'the read after a refusal failed' }));
        if (again.outcome === 'committed') {
          await settle({ state: 'done', orderVendorId: again.order.vendorId, orderState: again.order.state });
          return again;
        }
        // A refusal stands when the vendor's repeat is its own check (`resend`: AT&T answers a repeat of a placed
        // submit with that order), or when nothing is placed and the earlier attempt is too long ago to land now.
        if (again.outcome === 'resend' || (again.outcome === 'not_committed' && !mayStillLand(earlierAt!, this.options.staleMs))) {
          await this.store.compareAndDelete(storeKey, held);
          throw error;
        }
        await settle({ state: 'unknown' });
        return { outcome: 'unknown', retryAfterSeconds: this.retryAfterSeconds, cause: error };
      }
      if (error instanceof VendorRefusal) {
        // Refused after an unknown attempt by the vendor's own replay of it (Adobe's correlation id answers as the
        // first attempt was answered): nothing was placed. The key goes.
        await this.store.compareAndDelete(storeKey, held);
        throw error;
      }
      // This attempt's request may have reached the vendor, which may act on it for a while yet; a read that failed
      // sent nothing that could land.
      await settle(surelyNotCommitted(error) ? { state: 'unknown' } : { state: 'unknown', sentAt: Date.now() });
      return { outcome: 'unknown', retryAfterSeconds: this.retryAfterSeconds, cause: error };
    }
  }
}

/**
 * Settles an unknown record that the sweep reconciled, if no one changed it meanwhile: `done` with the order the
 * vendor holds, or released when the vendor shows nothing was placed. True when it did.
 */
export async function settleSwept(store: Store, storeKey: string, raw: string, orderVendorId: string | null, ttlMs: number): Promise<boolean> {
  const record = JSON.parse(raw) as IdempotencyRecord;
  const settled = orderVendorId
    ? await store.compareAndSet(storeKey, raw, JSON.stringify({ ...record, state: 'done', orderVendorId, at: Date.now() }), ttlMs)
    : await store.compareAndDelete(storeKey, raw);
  if (settled && record.write.cartVendorId) await store.compareAndDelete(cartPointer(record.write.vendor, record.write.cartVendorId), storeKey);
  return settled;
}
