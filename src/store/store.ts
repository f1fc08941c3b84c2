/** Which store a process uses: what `/ready` reports. */
export type StoreKind = 'memory' | 'redis' | 'redis-cluster';

/**
 * The little state this subgraph owns (idempotency records, customer indexes, draft carts, per-caller limits),
 * behind one interface: in-process memory by default, Redis or a Redis Cluster when configured, so that every
 * replica sees the same records. Values are strings (JSON); every write has a time to live. Keys come from
 * `storeKeys` (src/store/keys.ts), which gives keys that change together one hash slot.
 *
 * A Redis store throws `StoreUnavailableError` (STORE_UNAVAILABLE) when Redis does not answer.
 */
export interface Store {
  /** What the store is, for `/ready`. */
  readonly kind: StoreKind;
  get(key: string): Promise<string | null>;
  /** Several values in one go (null for absent ones), in the order asked. On a cluster it reads one slot at a time. */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Writes only when the key is absent; true when this call wrote it. The atomic claim idempotency relies on. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Replaces the value only when it still equals `expected`; true when it did. */
  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only when its value still equals `expected`; true when it did. */
  compareAndDelete(key: string, expected: string): Promise<boolean>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds a value at the head of a list (newest first), keeping the list's time to live fresh. */
  listPrepend(key: string, value: string, ttlMs: number): Promise<void>;
  /** One page of a list and the list's length. */
  listRange(key: string, offset: number, limit: number): Promise<{ items: string[]; total: number }>;
  /**
   * Counts one event in a fixed window that starts with the window's first event: the count including this one,
   * and the milliseconds until the window ends.
   */
  countInWindow(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /**
   * Takes one of `limit` leases under `key` for `member`, each lasting at most `leaseMs` (so that a crashed
   * replica's leases run out); false when all are taken.
   */
  acquireLease(key: string, member: string, limit: number, leaseMs: number): Promise<boolean>;
  /** Gives a lease back. */
  releaseLease(key: string, member: string): Promise<void>;
  /**
   * The same store, whose writes return only once they would survive the loss of the node that took them: on a
   * Redis Cluster each write waits for one replica (`WAIT 1 <ms>`) and a timeout throws STORE_UNAVAILABLE. On a
   * single Redis and in memory there is no replica to wait for, and it is the store itself.
   */
  durable(): Store;
  /** True when the store answers (always, for the in-process store). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
