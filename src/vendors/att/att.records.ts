import { Store } from '../../store/store';
import { VendorCallError } from '../../http/vendor-call-error';
import { Cart } from '../../cart/cart.type';
import { ProductOrder } from '../../order/product-order.type';

/**
 * What this subgraph keeps of an AT&T cart. The partner docs have no cart read (README §1.1: GET cart not found),
 * and create / add-items may answer as thinly as `{id}` / `{externalId}`, so the cart as the graph shows it is the
 * record of what was sent, merged with whatever prices, item ids and validation the vendor's answers carried.
 */
export interface AttCartRecord {
  cart: Cart;
  /** Items sent so far; numbers the next item id of a thin answer. */
  sent: number;
  /** The vendor's `externalId` from a thin add-items answer (seed 002), when it sent one. */
  externalId?: string | null;
  /**
   * The order an express-submit answer named when reading it back failed (a fault, not an empty answer): the submit
   * was placed, and this is the order to read to confirm it. A retry or the sweep reads it; never shown as the order.
   */
  unconfirmed?: ProductOrder | null;
}

/** What this subgraph keeps of an order it submitted: the items, totals and payments AT&T's orders query lacks. */
export interface AttSubmitRecord {
  order: ProductOrder;
}

const CART = (id: string): string => `att:cart:${id}`;
const ORDER = (id: string): string => `att:order:${id}`;
const INDEX = (customerId: string): string => `att:orders:${customerId}`;
/** Compare-and-set attempts before a busy cart is reported as unavailable. */
const MAX_CAS_ATTEMPTS = 20;

/** Properties that hold a date (the graph types hold Date objects), wherever they are in a record. */
const DATE_KEYS = new Set(['createdAt', 'submittedAt', 'start', 'end']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

/** Turns every ISO string under a date property into a Date, at any depth, in place. */
function reviveDates(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) reviveDates(item);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    if (typeof field === 'object' && field !== null) reviveDates(field);
    else if (typeof field === 'string' && DATE_KEYS.has(key) && ISO_DATE.test(field)) record[key] = new Date(field);
  }
}

/**
 * JSON with dates revived. A walk after a plain JSON.parse: a reviver function would be called for every value of
 * every record, which made it most of the cost of reading 100 order records at once.
 */
function revive<T>(raw: string): T {
  const value: unknown = JSON.parse(raw);
  if (typeof value === 'object' && value !== null) reviveDates(value);
  return value as T;
}

/** Freezes a parsed record and everything in it, Dates included (their setters still work, and nothing calls them). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Submit records kept parsed, the characters of stored text they may hold together, and the longest text kept (a
 * larger one is parsed every time): a bound on memory whatever the records hold, about 2,000 orders of 2 KB.
 */
const PARSED_ORDERS_MAX = 2000;
const PARSED_ORDERS_MAX_CHARS = 4 * 1024 * 1024;
const PARSED_ORDER_MAX_CHARS = 16 * 1024;

/**
 * Submit records parsed, by their stored text: the same text always parses to the same order, so one parse serves
 * every later read of it (an order polled for its status, the router's entity batches asking for the same orders).
 * Parsing was about a seventh of the CPU of reading 100 AT&T orders. Keyed by the text, a record written again reads
 * as the new text, on any replica. The orders are shared by every request of this process, so they are frozen, to
 * the last nested list (readers copy, as `mapQueriedOrder` does with its spread). Within the bounds above, the
 * least recently read dropped first.
 */
const parsedOrders = new Map<string, ProductOrder>();
let parsedChars = 0;

function parseOrderRecord(raw: string): ProductOrder {
  const kept = parsedOrders.get(raw);
  if (kept !== undefined) {
    // Read again: moved to the newest end, so the least recently read go first.
    parsedOrders.delete(raw);
    parsedOrders.set(raw, kept);
    return kept;
  }
  const order = deepFreeze(revive<AttSubmitRecord>(raw).order);
  if (raw.length <= PARSED_ORDER_MAX_CHARS) {
    for (const oldest of parsedOrders.keys()) {
      if (parsedOrders.size < PARSED_ORDERS_MAX && parsedChars + raw.length <= PARSED_ORDERS_MAX_CHARS) break;
      parsedOrders.delete(oldest);
      parsedChars -= oldest.length;
    }
    parsedOrders.set(raw, order);
    parsedChars += raw.length;
  }
  return order;
}

/**
 * AT&T cart and submit records in the shared Store (memory or Redis). Cart changes go through compare-and-set, so
 * two replicas adding items to one cart at once both land. Records live at least as long as idempotency records.
 */
export class AttRecords {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
  ) {}

  async createCart(record: AttCartRecord): Promise<void> {
    await this.store.set(CART(record.cart.vendorId), JSON.stringify(record), this.ttlMs);
  }

  async cart(vendorId: string): Promise<AttCartRecord | null> {
    const raw = await this.store.get(CART(vendorId));
    return raw === null ? null : revive<AttCartRecord>(raw);
  }

  /** Several cart records in one store read (one MGET per hash slot on a cluster), in the order asked. */
  async carts(vendorIds: readonly string[]): Promise<(AttCartRecord | null)[]> {
    if (vendorIds.length === 0) return [];
    const raws = await this.store.getMany(vendorIds.map(CART));
    return raws.map((raw) => (raw === null ? null : revive<AttCartRecord>(raw)));
  }

  /** Applies `change` to the current record atomically; null when there is no record. */
  async updateCart(vendorId: string, change: (current: AttCartRecord) => AttCartRecord): Promise<AttCartRecord | null> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt += 1) {
      const raw = await this.store.get(CART(vendorId));
      if (raw === null) return null;
      const next = change(revive<AttCartRecord>(raw));
      if (await this.store.compareAndSet(CART(vendorId), raw, JSON.stringify(next), this.ttlMs)) return next;
    }
    throw new VendorCallError('unavailable', 'AT&T', 'cart record', false, 'cart record kept changing under compare-and-set');
  }

  async saveOrder(order: ProductOrder): Promise<void> {
    await this.store.set(ORDER(order.vendorId), JSON.stringify({ order } satisfies AttSubmitRecord), this.ttlMs);
    if (order.customerId) await this.store.listPrepend(INDEX(order.customerId), order.vendorId, this.ttlMs);
  }

  async order(vendorId: string): Promise<ProductOrder | null> {
    const raw = await this.store.get(ORDER(vendorId));
    return raw === null ? null : parseOrderRecord(raw);
  }

  /** The submit records of several orders in one store read (one MGET per hash slot on a cluster), in the order asked. */
  async orders(vendorIds: readonly string[]): Promise<(ProductOrder | null)[]> {
    return parseOrderRecords(await this.orderRecords(vendorIds));
  }

  /**
   * The same records as stored, for {@link parseOrderRecords}: a caller that also waits for the vendor parses them
   * once the vendor has answered, so that the parsing does not hold up the vendor request it has yet to send.
   */
  async orderRecords(vendorIds: readonly string[]): Promise<(string | null)[]> {
    return vendorIds.length === 0 ? [] : this.store.getMany(vendorIds.map(ORDER));
  }

  /** One page of the vendor ids of a customer's orders submitted through this subgraph, newest first. */
  async customerOrders(customerId: string, offset: number, limit: number): Promise<{ items: string[]; total: number }> {
    return this.store.listRange(INDEX(customerId), offset, limit);
  }
}

/** The orders of submit records read by {@link AttRecords.orderRecords}, in the same order. */
export function parseOrderRecords(raws: readonly (string | null)[]): (ProductOrder | null)[] {
  return raws.map((raw) => (raw === null ? null : parseOrderRecord(raw)));
}
