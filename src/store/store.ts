/**
 * The little state this subgraph owns (idempotency records, customer indexes, draft carts), behind one interface:
 * in-process memory by default, Redis when `REDIS_URL` is set so that every replica sees the same records.
 * Values are strings (JSON); every write has a time to live.
 */
export interface Store {
  get(key: string): Promise<string | null>;
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
  /** True when the store answers (always, for the in-process store). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
