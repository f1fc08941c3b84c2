import { Store } from './store';

interface Entry {
  value: string | string[];
  expiresAt: number;
}

/** The embedded store: one process only. Expired entries are dropped when read and by a periodic sweep. */
export class MemoryStore implements Store {
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

  ping(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return Promise.resolve();
  }
}
