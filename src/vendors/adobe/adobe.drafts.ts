import { randomUUID } from 'node:crypto';
import { UserError, UserErrorCode } from '../../common/user-error.type';
import { CURRENCY_CODE, VENDOR_CODE } from '../../common/validation/patterns';
import { CartItemAction } from '../../cart/cart-item.type';
import { CartItemInput } from '../../cart/cart.input';
import { Store } from '../../store/store';
import { VendorRefusal } from '../vendor-adapter';
import { AdobeOrderRequest } from './adobe.wire';

/** One line of a draft: what becomes a `lineItems` entry of the NEW order. */
export interface DraftLine {
  lineNumber: number;
  offerId: string;
  quantity: number;
  currencyCode: string | null;
  deploymentId: string | null;
  discountCode: string | null;
}

/** Prices of one line from the last PREVIEW, as decimal strings, and the offer Adobe would order instead. */
export interface DraftLinePrice {
  offerId: string;
  currencyCode: string;
  partnerPrice: string | null;
  discountedPartnerPrice: string | null;
  netPartnerPrice: string | null;
  lineItemPartnerPrice: string | null;
}

/** The last PREVIEW of the draft, valid only while the draft is at `revision`. */
export interface DraftPreview {
  revision: number;
  at: string;
  currencyCode: string | null;
  total: string | null;
  /** By line number. */
  lines: Record<string, DraftLinePrice>;
}

/**
 * A NEW order being placed for the draft, written before the call so that a process dying after Adobe answered
 * loses nothing: the same body under the same correlation id replays Adobe's stored answer.
 */
export interface DraftSubmit {
  correlationId: string;
  body: AdobeOrderRequest;
  startedAt: string;
}

export type DraftState = 'DRAFT' | 'SUBMITTING' | 'SUBMITTED';

/** A cart Adobe has no resource for, kept in the shared store as JSON. */
export interface DraftCart {
  v: 1;
  id: string;
  customerId: string;
  createdAt: string;
  state: DraftState;
  /** Bumped by every change of the lines; a preview is shown only for the revision it priced. */
  revision: number;
  lines: DraftLine[];
  preview: DraftPreview | null;
  submit: DraftSubmit | null;
  /** Vendor id (`<customerId>:<orderId>`) of the order the draft became. */
  orderVendorId: string | null;
}

/** Largest number of lines an Adobe order takes [C]. */
export const MAX_DRAFT_LINES = 499;
const MAX_LINE_NUMBER = 999_999;
/** Team offers take 1 to 10,000 units and enterprise offers up to 599,000 [C]: Adobe itself refuses a team line over 10,000 (2120). */
const MAX_QUANTITY = 599_000;
const DRAFT_TTL_MS = 30 * 24 * 3600 * 1000;
const CAS_ATTEMPTS = 10;

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

function refusal(code: UserErrorCode, message: string, field: string[] | null): UserError {
  return { code, message, field, vendorCode: null };
}

/**
 * Checks items to add against Adobe's order rules and the draft, before any vendor call, and returns the new lines
 * (line numbers assigned where not given: the lowest unused from 1) or every problem found. Adobe's rules [C]: line
 * numbers 0-999999 and unique, quantities 1-10,000, at most 499 lines, one currency per order (given per line);
 * the currency must be a real ISO 4217 code. Only plain ADD lines exist at Adobe.
 */
export function planLines(existing: readonly DraftLine[], items: readonly CartItemInput[]): { lines: DraftLine[] } | { errors: UserError[] } {
  const errors: UserError[] = [];
  const used = new Set(existing.map((l) => l.lineNumber));
  let currency = existing.find((l) => l.currencyCode)?.currencyCode ?? null;
  const planned: (Omit<DraftLine, 'lineNumber'> & { lineNumber: number | null })[] = [];
  if (existing.length + items.length > MAX_DRAFT_LINES) {
    errors.push(refusal(UserErrorCode.INVALID_FIELD, `An Adobe order has at most ${MAX_DRAFT_LINES} lines`, ['items']));
  }
  items.forEach((item, i) => {
    const at = (f: string): string[] => ['items', String(i), f];
    const before = errors.length;
    if (item.action !== CartItemAction.ADD)
      errors.push(refusal(UserErrorCode.INVALID_FIELD, 'Adobe orders only add offerings; use orderReturn to return', at('action')));
    for (const f of ['productId', 'productType', 'billingAccountId'] as const) {
      if (item[f]) errors.push(refusal(UserErrorCode.INVALID_FIELD, `Adobe lines have no ${f}`, at(f)));
    }
    for (const f of ['children', 'shopperInput', 'characteristics'] as const) {
      if (item[f]?.length) errors.push(refusal(UserErrorCode.INVALID_FIELD, `Adobe lines have no ${f}`, at(f)));
    }
    if (!item.offeringId || !VENDOR_CODE.test(item.offeringId))
      errors.push(refusal(UserErrorCode.INVALID_FIELD, 'An Adobe offer id is required', at('offeringId')));
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_QUANTITY) {
      errors.push(refusal(UserErrorCode.INVALID_FIELD, `Quantity must be from 1 to ${MAX_QUANTITY}`, at('quantity')));
    }
    const lineNumber = item.lineNumber ?? null;
    if (lineNumber !== null) {
      if (!Number.isInteger(lineNumber) || lineNumber < 0 || lineNumber > MAX_LINE_NUMBER) {
        errors.push(refusal(UserErrorCode.INVALID_FIELD, `Line numbers must be from 0 to ${MAX_LINE_NUMBER}`, at('lineNumber')));
      } else if (used.has(lineNumber)) {
        errors.push(refusal(UserErrorCode.INVALID_FIELD, 'This line number is already used in the cart', at('lineNumber')));
      } else {
        used.add(lineNumber);
      }
    }
    const code = item.currencyCode ?? null;
    if (code !== null) {
      if (!CURRENCY_CODE.test(code) || !KNOWN_CURRENCIES.has(code)) {
        errors.push(refusal(UserErrorCode.INVALID_FIELD, 'Not an ISO 4217 currency code', at('currencyCode')));
      } else if (currency !== null && code !== currency) {
        errors.push(refusal(UserErrorCode.INVALID_FIELD, `All lines of an Adobe order share one currency (${currency})`, at('currencyCode')));
      } else {
        currency = code;
      }
    }
    for (const f of ['deploymentId', 'discountCode'] as const) {
      const v = item[f];
      if (v !== undefined && v !== null && !VENDOR_CODE.test(v))
        errors.push(refusal(UserErrorCode.INVALID_FIELD, `${f} must be 1-64 letters, digits, _, ., : or -`, at(f)));
    }
    if (errors.length > before) return;
    planned.push({
      lineNumber,
      offerId: item.offeringId!,
      quantity: item.quantity,
      currencyCode: code,
      deploymentId: item.deploymentId ?? null,
      discountCode: item.discountCode ?? null,
    });
  });
  if (errors.length > 0) return { errors };
  let next = 1;
  const lines = planned.map((line): DraftLine => {
    if (line.lineNumber !== null) return { ...line, lineNumber: line.lineNumber };
    while (used.has(next)) next += 1;
    used.add(next);
    return { ...line, lineNumber: next };
  });
  return { lines };
}

function isDraft(value: unknown): value is DraftCart {
  const d = value as DraftCart;
  return !!d && typeof d === 'object' && d.v === 1 && typeof d.id === 'string' && typeof d.customerId === 'string' && Array.isArray(d.lines);
}

/** What an update function decides: the next draft and a result, or a refusal that leaves the draft as it is. */
export type DraftChange<T> = { next: DraftCart; result: T } | { refuse: UserError[] };

/**
 * Adobe draft carts in the shared Store (memory or Redis), as JSON under `adobe:cart:<id>` with a 30-day time to
 * live. Every change is a compare-and-set of the whole draft, so two replicas changing one draft never lose an
 * update: the loser re-reads and decides again.
 */
export class AdobeDraftStore {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number = DRAFT_TTL_MS,
  ) {}

  private key(id: string): string {
    return `adobe:cart:${id}`;
  }

  private orderKey(orderVendorId: string): string {
    return `adobe:order-cart:${orderVendorId}`;
  }

  /** Creates a draft, with first lines already checked by `planLines`. */
  async create(customerId: string, lines: DraftLine[], now: Date): Promise<DraftCart> {
    for (;;) {
      const draft: DraftCart = {
        v: 1,
        id: `draft-${randomUUID()}`,
        customerId,
        createdAt: now.toISOString(),
        state: 'DRAFT',
        revision: 0,
        lines,
        preview: null,
        submit: null,
        orderVendorId: null,
      };
      if (await this.store.setIfAbsent(this.key(draft.id), JSON.stringify(draft), this.ttlMs)) return draft;
    }
  }

  async get(id: string): Promise<DraftCart | null> {
    const raw = await this.store.get(this.key(id));
    if (raw === null) return null;
    const parsed: unknown = JSON.parse(raw);
    return isDraft(parsed) ? parsed : null;
  }

  /**
   * Applies `change` atomically: it sees the current draft and returns the next one (or a refusal). Throws a
   * VendorRefusal for an unknown draft or a refusal; nothing is written then.
   */
  async update<T>(id: string, change: (draft: DraftCart) => DraftChange<T>): Promise<{ draft: DraftCart; result: T }> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const raw = await this.store.get(this.key(id));
      const current: unknown = raw === null ? null : JSON.parse(raw);
      if (raw === null || !isDraft(current)) throw new VendorRefusal([refusal(UserErrorCode.CART_NOT_FOUND, 'No such cart', ['cartId'])]);
      const decided = change(current);
      if ('refuse' in decided) throw new VendorRefusal(decided.refuse);
      if (await this.store.compareAndSet(this.key(id), raw, JSON.stringify(decided.next), this.ttlMs)) {
        return { draft: decided.next, result: decided.result };
      }
    }
    throw new Error(`draft ${id} kept changing under ${CAS_ATTEMPTS} attempts`);
  }

  /** Remembers which draft an order came from, for `ProductOrder.cart`. */
  async recordOrderCart(orderVendorId: string, cartId: string): Promise<void> {
    await this.store.set(this.orderKey(orderVendorId), cartId, this.ttlMs);
  }

  async cartOfOrder(orderVendorId: string): Promise<string | null> {
    return this.store.get(this.orderKey(orderVendorId));
  }
}
