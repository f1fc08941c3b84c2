import { randomBytes, randomInt } from 'node:crypto';
import { ADOBE_CUSTOMERS, ADOBE_DISCOUNT_CODES, ADOBE_TOKEN_TTL_SECONDS, bestOfferFor, findCustomer, findOffer, unitPriceCents } from './adobe.catalogue';
import type { AdobeCustomer, AdobeOffer, AdobeSubscription } from './adobe.catalogue';
import { AdobeError, AdobeErrorCode } from './adobe.errors';
import type { AdobeLineInput, AdobeListQuery, AdobeOrderInput } from './adobe.validation';

/** Seconds after placement at which an order leaves 1002 [U: Adobe gives no timing; short enough for a test]. */
export const ADOBE_PROCESSING_SECONDS = 60;
/** Days after which an order can no longer be returned [C]. */
export const ADOBE_RETURN_WINDOW_DAYS = 14;
/** Days an `X-Correlation-Id` replays its original response [C]. */
export const ADOBE_REPLAY_WINDOW_DAYS = 10;
/** Days after a placed renewal during which another renewal is refused with 3121 [I]. */
export const ADOBE_RENEWAL_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;
/** Request ids remembered for the 4120 check; the oldest are forgotten past this many. */
const MAX_REMEMBERED_REQUEST_IDS = 100_000;

export type PlacedOrderType = 'NEW' | 'RETURN' | 'RENEWAL';

export interface SimOrderLine {
  extLineItemNumber: number;
  offerId: string;
  quantity: number;
  currencyCode: string;
  deploymentId?: string;
  discountCode?: string;
  /** Assigned at placement, shown once the order is complete. */
  subscriptionId: string;
  /** Units returned by later RETURN orders (NEW and RENEWAL lines only). */
  returnedQuantity: number;
  /** Unit partner price and unit price after the line's discount, in cents. */
  unitCents: number;
  discountedCents: number;
}

export interface SimOrder {
  orderId: string;
  customerId: string;
  orderType: PlacedOrderType;
  referenceOrderId: string;
  externalReferenceId: string;
  currencyCode: string;
  creationDate: Date;
  source: 'API' | 'System';
  lines: SimOrderLine[];
  /** Fails asynchronously (1004) once processing ends. */
  fails: boolean;
}

/** A line of a PREVIEW or PREVIEW_RENEWAL answer: nothing is stored. */
export interface PreviewLine extends Omit<SimOrderLine, 'returnedQuantity'> {
  /** PREVIEW_RENEWAL only: "1000" will renew, "1004" will not. */
  status: string;
}

export interface PreviewResult {
  orderType: 'PREVIEW' | 'PREVIEW_RENEWAL';
  customerId: string;
  externalReferenceId: string;
  currencyCode: string;
  creationDate: Date;
  lines: PreviewLine[];
}

function orderIdDigits(): string {
  return String(randomInt(5_200_000_000, 9_999_999_999));
}

function subscriptionIdNew(): string {
  return randomBytes(16).toString('hex');
}

/** True when every line of a NEW or RENEWAL has been returned. */
export function isFullyReturned(order: SimOrder): boolean {
  return order.orderType !== 'RETURN' && order.lines.every((l) => l.returnedQuantity >= l.quantity);
}

/** The order's status at `now`, derived from its creation date so that advancing the clock is all it takes. */
export function orderStatusAt(order: SimOrder, now: Date): string {
  if (isFullyReturned(order)) return '1008';
  if (now.getTime() - order.creationDate.getTime() < ADOBE_PROCESSING_SECONDS * 1000) return '1002';
  return order.fails ? '1004' : '1000';
}

/** A line's status at `now`: the order's, except that a line returned in full shows 1008. */
export function lineStatusAt(order: SimOrder, line: SimOrderLine, now: Date): string {
  const status = orderStatusAt(order, now);
  if (status === '1008') return '1008';
  if (status !== '1000') return status;
  return order.orderType !== 'RETURN' && line.returnedQuantity >= line.quantity ? '1008' : '1000';
}

function discountedCents(unitCents: number, discountCode: string | undefined): number {
  const percent = discountCode ? (ADOBE_DISCOUNT_CODES[discountCode] ?? 0) : 0;
  return Math.round((unitCents * (100 - percent)) / 100);
}

/**
 * The Adobe simulator's state: orders, the replay store of `X-Correlation-Id`s, the request ids seen, the access
 * tokens handed out, and a log of list queries for tests. All time comes from the caller (the sim clock).
 */
export class AdobeSimState {
  readonly orders = new Map<string, SimOrder>();
  private readonly replays = new Map<string, { at: number; status: number; body: unknown }>();
  private readonly requestIds = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  private readonly lastRenewal = new Map<string, number>();
  /** The most recent list queries (customer, limit, offset), newest last. */
  readonly listQueries: { customerId: string; limit: number; offset: number }[] = [];

  constructor(now: Date) {
    this.seed(now);
  }

  reset(now: Date): void {
    this.orders.clear();
    this.replays.clear();
    this.requestIds.clear();
    this.tokens.clear();
    this.lastRenewal.clear();
    this.listQueries.length = 0;
    this.seed(now);
  }

  private seed(now: Date): void {
    for (const customer of ADOBE_CUSTOMERS) {
      for (const seed of customer.orders) {
        const lines = seed.lines.map((l, i): SimOrderLine => {
          const offer = findOffer(l.offerId)!;
          const unit = unitPriceCents(offer, customer.currency)!;
          return {
            extLineItemNumber: i + 1,
            offerId: l.offerId,
            quantity: l.quantity,
            currencyCode: customer.currency,
            subscriptionId: l.subscriptionId,
            returnedQuantity: 0,
            unitCents: unit,
            discountedCents: unit,
          };
        });
        this.orders.set(seed.orderId, {
          orderId: seed.orderId,
          customerId: customer.customerId,
          orderType: seed.orderType,
          referenceOrderId: '',
          externalReferenceId: '',
          currencyCode: customer.currency,
          creationDate: new Date(now.getTime() - seed.daysAgo * DAY_MS),
          source: seed.orderType === 'RENEWAL' ? 'System' : 'API',
          lines,
          fails: false,
        });
      }
    }
  }

  // ---- IMS and headers -------------------------------------------------------------------------------------------

  issueToken(now: Date): { token: string; expiresIn: number } {
    const token = `sim-ims-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, now.getTime() + ADOBE_TOKEN_TTL_SECONDS * 1000);
    return { token, expiresIn: ADOBE_TOKEN_TTL_SECONDS };
  }

  /** True when the token was issued here and has not expired by the sim clock. */
  tokenValid(token: string, now: Date): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && expiresAt > now.getTime();
  }

  /** Remembers a request id; false when it was seen before. */
  rememberRequestId(id: string, now: Date): boolean {
    if (this.requestIds.has(id)) return false;
    this.requestIds.set(id, now.getTime());
    if (this.requestIds.size > MAX_REMEMBERED_REQUEST_IDS) {
      const oldest = this.requestIds.keys().next().value;
      if (oldest !== undefined) this.requestIds.delete(oldest);
    }
    return true;
  }

  /** The stored answer to a correlation id still inside the replay window, if any. */
  replayOf(correlationId: string, now: Date): { status: number; body: unknown } | undefined {
    const stored = this.replays.get(correlationId);
    if (!stored) return undefined;
    if (now.getTime() - stored.at > ADOBE_REPLAY_WINDOW_DAYS * DAY_MS) {
      this.replays.delete(correlationId);
      return undefined;
    }
    return { status: stored.status, body: stored.body };
  }

  storeReplay(correlationId: string, status: number, body: unknown, now: Date): void {
    this.replays.set(correlationId, { at: now.getTime(), status, body });
  }

  // ---- Orders ----------------------------------------------------------------------------------------------------

  customer(customerId: string): AdobeCustomer {
    const customer = findCustomer(customerId);
    if (!customer) throw new AdobeError(404, AdobeErrorCode.INVALID_CUSTOMER, 'Invalid customer ID');
    return customer;
  }

  private newOrderId(): string {
    let id = orderIdDigits();
    while (this.orders.has(id)) id = orderIdDigits();
    return id;
  }

  /**
   * Checks lines against the catalogue and the customer (2122 offer, 2128 currency of the offer, 2137 currency of
   * the customer or of the other lines, 2138 deployment, 2141 discount code) and prices them, swapping each offer
   * for the best volume level its quantity earns.
   */
  private priceLines(customer: AdobeCustomer, input: AdobeOrderInput): Omit<SimOrderLine, 'returnedQuantity' | 'subscriptionId'>[] {
    let orderCurrency: string | undefined;
    return input.lineItems.map((line, k) => {
      const at = `lineItems[${k}]`;
      const offer = findOffer(line.offerId);
      if (!offer) throw new AdobeError(400, AdobeErrorCode.INVALID_OFFER, 'Invalid offer ID', [`${at}.offerId`]);
      const currency = line.currencyCode ?? input.currencyCode ?? customer.currency;
      const currencyField = line.currencyCode !== undefined ? `${at}.currencyCode` : 'currencyCode';
      if (unitPriceCents(offer, currency) === undefined) {
        throw new AdobeError(400, AdobeErrorCode.CURRENCY_INVALID_FOR_OFFER, 'The currency is not valid for the offer', [currencyField]);
      }
      if (currency !== customer.currency || (orderCurrency !== undefined && currency !== orderCurrency)) {
        throw new AdobeError(400, AdobeErrorCode.CURRENCY_NOT_ALIGNED, "The currency is not aligned with the customer's currency", [currencyField]);
      }
      orderCurrency = currency;
      if (line.deploymentId !== undefined && !customer.deployments.includes(line.deploymentId)) {
        throw new AdobeError(404, AdobeErrorCode.INVALID_DEPLOYMENT, 'Invalid deployment ID', [`${at}.deploymentId`]);
      }
      if (line.discountCode !== undefined && ADOBE_DISCOUNT_CODES[line.discountCode] === undefined) {
        throw new AdobeError(400, AdobeErrorCode.INVALID_DISCOUNT_CODE, 'Invalid discount code', [`${at}.discountCode`]);
      }
      const best: AdobeOffer = bestOfferFor(offer, line.quantity);
      const unit = unitPriceCents(best, currency)!;
      const priced: Omit<SimOrderLine, 'returnedQuantity' | 'subscriptionId'> = {
        extLineItemNumber: line.extLineItemNumber,
        offerId: best.offerId,
        quantity: line.quantity,
        currencyCode: currency,
        unitCents: unit,
        discountedCents: discountedCents(unit, line.discountCode),
      };
      if (line.deploymentId !== undefined) priced.deploymentId = line.deploymentId;
      if (line.discountCode !== undefined) priced.discountCode = line.discountCode;
      return priced;
    });
  }

  /** PREVIEW: what a NEW would order and cost; nothing is stored. */
  preview(customerId: string, input: AdobeOrderInput, now: Date): PreviewResult {
    const customer = this.customer(customerId);
    const lines = this.priceLines(customer, input).map((l) => ({ ...l, subscriptionId: '', status: '' }));
    return {
      orderType: 'PREVIEW',
      customerId,
      externalReferenceId: input.externalReferenceId ?? '',
      currencyCode: lines[0]?.currencyCode ?? customer.currency,
      creationDate: now,
      lines,
    };
  }

  /** NEW: places the order (1002), to complete or fail after the processing time. */
  placeNew(customerId: string, input: AdobeOrderInput, now: Date): SimOrder {
    const customer = this.customer(customerId);
    const lines = this.priceLines(customer, input).map((l) => ({ ...l, subscriptionId: subscriptionIdNew(), returnedQuantity: 0 }));
    return this.store({
      orderId: this.newOrderId(),
      customerId,
      orderType: 'NEW',
      referenceOrderId: '',
      externalReferenceId: input.externalReferenceId ?? '',
      currencyCode: lines[0].currencyCode,
      creationDate: now,
      source: 'API',
      lines,
      fails: customer.ordersFailAsync === true,
    });
  }

  private store(order: SimOrder): SimOrder {
    this.orders.set(order.orderId, order);
    return order;
  }

  /**
   * RETURN: the reference order must be this customer's NEW or RENEWAL, complete, inside the return window, and
   * each line must match one of its lines by extLineItemNumber and offerId with enough units left. A partial
   * return lowers the line's remaining quantity; a line with none left shows 1008, and so does the whole order
   * once every line is returned.
   */
  placeReturn(customerId: string, input: AdobeOrderInput, now: Date): SimOrder {
    const customer = this.customer(customerId);
    const ref = this.orders.get(input.referenceOrderId ?? '');
    if (!ref || ref.customerId !== customerId || ref.orderType === 'RETURN' || orderStatusAt(ref, now) === '1004') {
      throw new AdobeError(400, AdobeErrorCode.RETURN_REFERENCE_INVALID, 'The reference order cannot be returned', ['referenceOrderId']);
    }
    if (now.getTime() - ref.creationDate.getTime() > ADOBE_RETURN_WINDOW_DAYS * DAY_MS) {
      throw new AdobeError(400, AdobeErrorCode.RETURN_WINDOW_EXPIRED, `Orders can be returned within ${ADOBE_RETURN_WINDOW_DAYS} days only`, [
        'referenceOrderId',
      ]);
    }
    if (isFullyReturned(ref)) {
      throw new AdobeError(400, AdobeErrorCode.RETURN_ALREADY_RETURNED, 'The order was already returned', ['referenceOrderId']);
    }
    if (orderStatusAt(ref, now) === '1002') {
      throw new AdobeError(422, AdobeErrorCode.RETURN_ORDER_NOT_COMPLETE, 'The order is still being processed', ['referenceOrderId']);
    }
    const matched = input.lineItems.map((line, k) => {
      const at = `lineItems[${k}]`;
      const original = ref.lines.find((l) => l.extLineItemNumber === line.extLineItemNumber && l.offerId === line.offerId);
      if (!original) throw new AdobeError(400, AdobeErrorCode.RETURN_LINE_MISMATCH, 'No line of the reference order matches', [at]);
      const currency = line.currencyCode ?? input.currencyCode;
      if (currency !== undefined && currency !== original.currencyCode) {
        throw new AdobeError(400, AdobeErrorCode.RETURN_CURRENCY_MISMATCH, 'The currency differs from the reference order', [
          line.currencyCode !== undefined ? `${at}.currencyCode` : 'currencyCode',
        ]);
      }
      const remaining = original.quantity - original.returnedQuantity;
      if (remaining <= 0) throw new AdobeError(400, AdobeErrorCode.RETURN_ALREADY_RETURNED, 'The line was already returned', [at]);
      if (line.quantity > remaining) {
        throw new AdobeError(422, AdobeErrorCode.RETURN_QTY_EXCEEDS_REMAINING, `At most ${remaining} units of this line can be returned`, [`${at}.quantity`]);
      }
      return { line, original };
    });
    for (const { line, original } of matched) original.returnedQuantity += line.quantity;
    return this.store({
      orderId: this.newOrderId(),
      customerId,
      orderType: 'RETURN',
      referenceOrderId: ref.orderId,
      externalReferenceId: input.externalReferenceId ?? '',
      currencyCode: ref.currencyCode,
      creationDate: now,
      source: 'API',
      lines: matched.map(({ line, original }) => ({ ...original, quantity: line.quantity, returnedQuantity: 0 })),
      fails: customer.ordersFailAsync === true,
    });
  }

  /** The subscriptions a renewal covers, checked: 2136 when none renews automatically, 3121 when already renewed. */
  private renewalSubscriptions(customer: AdobeCustomer, lines: AdobeLineInput[], now: Date): AdobeSubscription[] {
    if (!customer.subscriptions.some((s) => s.autoRenewal)) {
      throw new AdobeError(400, AdobeErrorCode.NO_AUTO_RENEWAL, 'The customer has no subscription set to renew automatically');
    }
    const last = this.lastRenewal.get(customer.customerId);
    if (last !== undefined && now.getTime() - last < ADOBE_RENEWAL_WINDOW_DAYS * DAY_MS) {
      throw new AdobeError(400, AdobeErrorCode.RENEWAL_ALREADY_PLACED, 'The renewal was already placed for this renewal window');
    }
    if (lines.length === 0) return customer.subscriptions;
    return lines.map((line, k) => {
      const s = customer.subscriptions.find((c) => c.subscriptionId === line.subscriptionId && c.autoRenewal);
      if (!s) throw new AdobeError(400, AdobeErrorCode.RENEWAL_SUBSCRIPTION_INVALID, 'The subscription cannot be renewed', [`lineItems[${k}].subscriptionId`]);
      return { ...s, renewalQuantity: line.quantity };
    });
  }

  private renewalLine(customer: AdobeCustomer, s: AdobeSubscription, k: number): PreviewLine {
    const best = bestOfferFor(findOffer(s.offerId)!, s.renewalQuantity);
    const unit = unitPriceCents(best, customer.currency)!;
    return {
      extLineItemNumber: k + 1,
      offerId: best.offerId,
      quantity: s.renewalQuantity,
      currencyCode: customer.currency,
      subscriptionId: s.subscriptionId,
      unitCents: unit,
      discountedCents: unit,
      status: s.autoRenewal ? '1000' : '1004',
    };
  }

  /** PREVIEW_RENEWAL: every subscription, "1000" for those that will renew and "1004" for those that will not. */
  previewRenewal(customerId: string, input: AdobeOrderInput, now: Date): PreviewResult {
    const customer = this.customer(customerId);
    const subs = this.renewalSubscriptions(customer, input.lineItems, now);
    return {
      orderType: 'PREVIEW_RENEWAL',
      customerId,
      externalReferenceId: input.externalReferenceId ?? '',
      currencyCode: customer.currency,
      creationDate: now,
      lines: subs.map((s, k) => this.renewalLine(customer, s, k)),
    };
  }

  /** RENEWAL: places the renewal of the subscriptions set to renew automatically. */
  placeRenewal(customerId: string, input: AdobeOrderInput, now: Date): SimOrder {
    const customer = this.customer(customerId);
    const subs = this.renewalSubscriptions(customer, input.lineItems, now).filter((s) => s.autoRenewal);
    this.lastRenewal.set(customerId, now.getTime());
    return this.store({
      orderId: this.newOrderId(),
      customerId,
      orderType: 'RENEWAL',
      referenceOrderId: '',
      externalReferenceId: input.externalReferenceId ?? '',
      currencyCode: customer.currency,
      creationDate: now,
      source: 'API',
      lines: subs.map((s, k) => {
        const { status: _status, ...line } = this.renewalLine(customer, s, k);
        return { ...line, returnedQuantity: 0 };
      }),
      fails: customer.ordersFailAsync === true,
    });
  }

  getOrder(customerId: string, orderId: string): SimOrder {
    const order = this.orders.get(orderId);
    if (!findCustomer(customerId) || !order || order.customerId !== customerId) {
      throw new AdobeError(404, AdobeErrorCode.INVALID_ORDER, 'Invalid customer or order ID');
    }
    return order;
  }

  /** A page of the customer's orders, newest first; 1133 when the offset is past the total. */
  listOrders(customerId: string, q: AdobeListQuery, now: Date): { total: number; items: SimOrder[] } {
    if (!findCustomer(customerId)) throw new AdobeError(404, AdobeErrorCode.INVALID_ORDER, 'Invalid customer ID');
    this.listQueries.push({ customerId, limit: q.limit, offset: q.offset });
    if (this.listQueries.length > 200) this.listQueries.shift();
    const matching = [...this.orders.values()]
      .filter((o) => o.customerId === customerId)
      .filter((o) => q.orderTypes.length === 0 || q.orderTypes.includes(o.orderType))
      .filter((o) => q.statuses.length === 0 || q.statuses.includes(orderStatusAt(o, now)))
      .filter((o) => q.referenceOrderId === undefined || o.referenceOrderId === q.referenceOrderId)
      .filter((o) => q.offerId === undefined || o.lines.some((l) => l.offerId === q.offerId))
      .filter((o) => !q.startDate || o.creationDate >= q.startDate)
      .filter((o) => !q.endDate || o.creationDate.getTime() < q.endDate.getTime() + DAY_MS)
      .sort((a, b) => b.creationDate.getTime() - a.creationDate.getTime() || (a.orderId < b.orderId ? 1 : -1));
    if (q.offset > matching.length) {
      throw new AdobeError(400, AdobeErrorCode.OFFSET_BEYOND_TOTAL, 'The offset is beyond the total number of orders', ['offset']);
    }
    return { total: matching.length, items: matching.slice(q.offset, q.offset + q.limit) };
  }
}
