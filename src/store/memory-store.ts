import { Store, StoreKind } from './store';

interface Entry {
  /** A string, a list (newest first), or leases by member with their expiry times. */
  value: string | string[] | Map<string, number>;
  expiresAt: number;
}

/** The embedded store: one process only. Expired entries are dropped when read and by a periodic sweep. */
export class MemoryStore implements Store {
  readonly kind: StoreKind = 'memory';
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sweepIntervalMs = 60_000) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  get(key: string): Promise<string | null> {
    const value = this.live(key)?.value;
    return Promise.resolve(typeof value === 'string' ? value : null);
  }

  getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return Promise.resolve(false);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    return Promise.resolve(true);
  }

  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)?.value !== expected) return Promise.resolve(false);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    return Promise.resolve(true);
  }

  compareAndDelete(key: string, expected: string): Promise<boolean> {
    if (this.live(key)?.value !== expected) return Promise.resolve(false);
    this.entries.delete(key);
    return Promise.resolve(true);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  listPrepend(key: string, value: string, ttlMs: number): Promise<void> {
    const entry = this.live(key);
    const list = Array.isArray(entry?.value) ? entry.value : [];
    list.unshift(value);
    this.entries.set(key, { value: list, expiresAt: Date.now() + ttlMs });
    return Promise.resolve();
  }

  listRange(key: string, offset: number, limit: number): Promise<{ items: string[]; total: number }> {
    const value = this.live(key)?.value;
    const list = Array.isArray(value) ? value : [];
    return Promise.resolve({ items: list.slice(offset, offset + limit), total: list.length });
  }

  countInWindow(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const entry = this.live(key);
    const now = Date.now();
    if (!entry || typeof entry.value !== 'string') {
      this.entries.set(key, { value: '1', expiresAt: now + windowMs });
      return Promise.resolve({ count: 1, resetMs: windowMs });
    }
    const count = Number(entry.value) + 1;
    entry.value = String(count);
    return Promise.resolve({ count, resetMs: entry.expiresAt - now });
  }

  acquireLease(key: string, member: string, limit: number, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const entry = this.live(key);
    const leases = entry?.value instanceof Map ? entry.value : new Map<string, number>();
    for (const [m, until] of leases) if (until <= now) leases.delete(m);
    if (leases.size >= limit) return Promise.resolve(false);
    leases.set(member, now + leaseMs);
    this.entries.set(key, { value: leases, expiresAt: now + leaseMs });
    return Promise.resolve(true);
  }

  releaseLease(key: string, member: string): Promise<void> {
    const value = this.live(key)?.value;
    if (value instanceof Map) value.delete(member);
    return Promise.resolve();
  }

  /** One process has no replica to wait for. */
  durable(): Store {
    return this;
  }

  ping(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return Promise.resolve();
  }
}
