import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { idempotencyKeyHash } from '../common/key-hash';
import { Store } from '../store/store';
import { VendorRegistry } from '../vendors/registry';
import { Reconciliation } from '../vendors/vendor-adapter';
import { IdempotencyRecord, lastSentAt, mayStillLand, settleSwept, UNKNOWN_INDEX } from './idempotency';

/** How the sweep runs. */
export interface UnknownSweepOptions {
  /** A record still unknown this long after its first attempt is marked for an operator (`UNKNOWN_MAX_AGE_S`). */
  maxAgeMs: number;
  /**
   * How long after an attempt that may have reached the vendor a read showing nothing placed is not yet proof: the
   * vendor may still act on a request the subgraph gave up on. Such a record stays unknown until then.
   */
  inFlightMs: number;
  /** Records looked at per pass, newest first. */
  batch?: number;
  /** How long one replica holds a record's lease while it reconciles it. */
  leaseMs?: number;
  /** Told how many records are unknown and how many of those wait for an operator, after every pass. */
  onCounts?: (counts: { confirming: number; operator: number }) => void;
}

/** What one pass did. */
export interface SweepReport {
  looked: number;
  committed: number;
  notCommitted: number;
  stillUnknown: number;
  markedForOperator: number;
  leasedElsewhere: number;
}

/**
 * Reconciles unknown idempotency records without a client: walks the records that were left unknown, takes a lease
 * in the store on each (so that one replica works a record at a time), and asks its vendor with `reconcile(…,
 * 'sweep')`, which only reads. A committed record becomes done (the client's retry then gets the order at once); a
 * record the vendor shows as never placed is released once its last attempt can no longer land (`inFlightMs`);
 * anything else stays unknown. It never sends a write and holds
 * no payment. A record older than `maxAgeMs` that is still unknown is marked for an operator once: one log line with
 * the vendor, cart, caller and key hash, and the `orders_unknown_outcomes` gauge.
 */
export class UnknownSweep {
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepReport>;

  constructor(
    private readonly store: Store,
    private readonly registry: VendorRegistry,
    private readonly logger: Logger,
    private readonly options: UnknownSweepOptions,
  ) {}

  /** Runs a pass every `intervalMs` until `stop`. A pass never overlaps the previous one. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'unknown-outcome sweep failed; the next pass tries again');
          return undefined as unknown as SweepReport;
        })
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over the newest unknown records. */
  async runOnce(): Promise<SweepReport> {
    const report: SweepReport = { looked: 0, committed: 0, notCommitted: 0, stillUnknown: 0, markedForOperator: 0, leasedElsewhere: 0 };
    const counts = { confirming: 0, operator: 0 };
    const { items } = await this.store.listRange(UNKNOWN_INDEX, 0, this.options.batch ?? 200);
    for (const storeKey of new Set(items)) {
      const raw = await this.store.get(storeKey);
      if (!raw) continue;
      const record = JSON.parse(raw) as IdempotencyRecord & { operator?: boolean };
      if (record.state !== 'unknown') continue;
      report.looked++;
      const lease = `lease:${storeKey}`;
      if (!(await this.store.setIfAbsent(lease, randomUUID(), this.options.leaseMs ?? 30000))) {
        report.leasedElsewhere++;
        continue;
      }
      try {
        const answer = await this.reconcile(record);
        // `resend` needs the request, which only a client retry holds: for the sweep it is still unknown. Nothing
        // placed is proof only once the last attempt can no longer land.
        if (answer.outcome === 'committed' || (answer.outcome === 'not_committed' && !mayStillLand(lastSentAt(record), this.options.inFlightMs))) {
          const orderVendorId = answer.outcome === 'committed' ? answer.order.vendorId : null;
          if (await settleSwept(this.store, storeKey, raw, orderVendorId, this.ttlOf(record))) {
            report[orderVendorId ? 'committed' : 'notCommitted']++;
            continue;
          }
        }
        report.stillUnknown++;
        const old = Date.now() - record.createdAt > this.options.maxAgeMs;
        if (old && !record.operator && (await this.store.compareAndSet(storeKey, raw, JSON.stringify({ ...record, operator: true }), this.ttlOf(record)))) {
          report.markedForOperator++;
          this.logger.error(
            {
              vendor: record.write.vendor,
              operation: record.write.operation,
              cartVendorId: record.write.cartVendorId,
              orderVendorId: record.write.orderVendorId,
              callerId: record.write.callerId,
              keyHash: idempotencyKeyHash(record.write.callerId, record.write.intentKey.slice(record.write.callerId.length + 1)),
              ageSeconds: Math.round((Date.now() - record.createdAt) / 1000),
            },
            'vendor write outcome still unknown: an operator should check the order at the vendor',
          );
        }
        if (old || record.operator) counts.operator++;
        else counts.confirming++;
      } finally {
        await this.store.delete(lease);
      }
    }
    this.options.onCounts?.(counts);
    return report;
  }

  /** Asks the record's vendor, reading only. A vendor this process does not serve, or a fault, is still unknown. */
  private async reconcile(record: IdempotencyRecord): Promise<Reconciliation> {
    const adapter = this.registry.get(record.write.vendor);
    if (!adapter) return { outcome: 'unknown', reason: 'vendor not served here' };
    const ctx = { requestId: `sweep-${randomUUID()}`, callerId: record.write.callerId, vendorHeaders: record.write.vendorHeaders };
    try {
      return await adapter.reconcile(ctx, record.write, 'sweep');
    } catch {
      return { outcome: 'unknown', reason: 'the vendor refused the read' };
    }
  }

  private ttlOf(record: IdempotencyRecord): number {
    return this.registry.idempotencyTtlMs(record.write.vendor);
  }
}
