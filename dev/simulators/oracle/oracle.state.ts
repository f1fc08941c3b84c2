import { randomUUID } from 'node:crypto';
import { findCoupon, findProduct, findProfile, findShippingMethod, ORACLE_DEFAULT_SHIPPING_METHOD, toCents } from './oracle.catalogue';
import type { OracleCurrency, OracleProduct, OracleSite } from './oracle.catalogue';
import { ErrorCollector, OracleError, OracleErrorCode } from './oracle.errors';
import { CONTROL } from './oracle.validation';
import type { OracleAddress, OracleItemInput, OracleListQuery, OracleOrderChanges, OraclePaymentInput, OraclePaymentType } from './oracle.validation';

/** Order states the simulated backend moves through; the other Oracle states never occur here. */
export type OracleOrderState = 'INCOMPLETE' | 'SUBMITTED' | 'PROCESSING' | 'NO_PENDING_ACTION';

/**
 * Seconds after submission at which an order reaches each state. Real timings depend on the fulfilment system [U];
 * these are short enough for a test to cross with `POST /__sim/clock`.
 */
export const ORACLE_ORDER_TIMELINE: ReadonlyArray<{ afterSeconds: number; state: OracleOrderState }> = [
  { afterSeconds: 0, state: 'SUBMITTED' },
  { afterSeconds: 120, state: 'PROCESSING' },
  { afterSeconds: 1800, state: 'NO_PENDING_ACTION' },
];

/** States from which `resendOrdersForFulfillment` sends an order again [I]. */
const RESENDABLE: ReadonlySet<OracleOrderState> = new Set(['SUBMITTED', 'PROCESSING']);

export interface OracleStoredItem {
  commerceItemId: string;
  productId: string;
  catRefId: string;
  displayName: string;
  quantity: number;
  /** Unit price in cents; zero for a bundle part, which the bundle's price covers. */
  unitCents: number;
  recurringCents?: number;
  frequency?: 'Monthly';
  addOnItem: boolean;
  shopperInput: Record<string, string>;
  childItems: OracleStoredItem[];
}

export type OraclePaymentState = 'INITIAL' | 'AUTHORIZED';

/** A payment group. Only the brand and last four digits of a card are kept; the token is not stored [I]. */
export interface OracleStoredPayment {
  paymentGroupId: string;
  type: OraclePaymentType;
  amountCents: number;
  paymentState: OraclePaymentState;
  cardType?: string;
  lastFour?: string;
  nameOnCard?: string;
  endMonth?: number;
  endYear?: number;
  PONumber?: string;
}

export interface OracleOrder {
  id: string;
  uuid: string;
  siteId: string;
  currencyCode: OracleCurrency;
  taxRatePercent: number;
  organizationId?: string;
  profileId: string;
  creationDate: Date;
  lastModifiedDate: Date;
  submittedDate?: Date;
  items: OracleStoredItem[];
  /** Coupon codes in the order they were applied. */
  coupons: string[];
  shippingMethod: string;
  shippingAddress?: OracleAddress;
  billingAddress?: OracleAddress;
  payments: OracleStoredPayment[];
  /** False after any change that affects the price, until the next priceOrder [I]. */
  priced: boolean;
  dynamicProperties: Record<string, string | boolean>;
  shippingGroupId: string;
  fulfillmentResends: number;
}

export interface OracleCouponResult {
  code: string;
  promotionId: string;
  description: string;
  level: 'order' | 'shipping';
  claimed: boolean;
  /** What the coupon took off, as a negative number of cents (zero when unclaimed). */
  adjustmentCents: number;
}

export interface OraclePricing {
  currencyCode: OracleCurrency;
  subTotalCents: number;
  orderDiscountCents: number;
  rawShippingCents: number;
  shippingDiscountCents: number;
  shippingCents: number;
  /** Items after order discounts. */
  amountCents: number;
  taxCents: number;
  totalCents: number;
  monthlyCents: number;
  numberOfItems: number;
  coupons: OracleCouponResult[];
}

/** Percent of an amount in cents, rounded half up. */
function percentOf(cents: number, percent: number): number {
  return Math.floor((cents * percent + 50) / 100);
}

function walkItems(items: OracleStoredItem[], visit: (item: OracleStoredItem) => void): void {
  for (const item of items) {
    visit(item);
    walkItems(item.childItems, visit);
  }
}

/**
 * Prices an order: item list prices times quantities (child items included), order coupons on the item subtotal,
 * shipping by method with shipping coupons, then tax at the site's rate on the discounted subtotal [I: the real
 * pricing engine applies price lists, promotions and a tax processor]. Recurring charges are summed apart.
 */
export function priceOf(order: OracleOrder): OraclePricing {
  let subTotal = 0;
  let monthly = 0;
  walkItems(order.items, (item) => {
    subTotal += item.unitCents * item.quantity;
    if (item.recurringCents !== undefined) monthly += item.recurringCents * item.quantity;
  });
  const rawShipping = order.items.length === 0 ? 0 : toCents(findShippingMethod(order.shippingMethod)?.price ?? '0');
  const coupons: OracleCouponResult[] = [];
  let orderDiscount = 0;
  let shippingDiscount = 0;
  for (const code of order.coupons) {
    const coupon = findCoupon(code);
    if (!coupon) continue;
    let off = 0;
    if (coupon.level === 'order') {
      const eligible = coupon.minimumSubtotal === undefined || subTotal >= toCents(coupon.minimumSubtotal);
      if (eligible) off = coupon.percentOff !== undefined ? percentOf(subTotal, coupon.percentOff) : toCents(coupon.amountOff ?? '0');
      off = Math.min(off, subTotal - orderDiscount);
      orderDiscount += off;
    } else {
      off = Math.min(percentOf(rawShipping, coupon.percentOff ?? 0), rawShipping - shippingDiscount);
      shippingDiscount += off;
    }
    coupons.push({
      code: coupon.code,
      promotionId: coupon.promotionId,
      description: coupon.description,
      level: coupon.level,
      claimed: off > 0,
      adjustmentCents: off === 0 ? 0 : -off,
    });
  }
  const amount = subTotal - orderDiscount;
  const shipping = rawShipping - shippingDiscount;
  const tax = percentOf(amount, order.taxRatePercent);
  return {
    currencyCode: order.currencyCode,
    subTotalCents: subTotal,
    orderDiscountCents: orderDiscount,
    rawShippingCents: rawShipping,
    shippingDiscountCents: shippingDiscount,
    shippingCents: shipping,
    amountCents: amount,
    taxCents: tax,
    totalCents: amount + shipping + tax,
    monthlyCents: monthly,
    numberOfItems: order.items.reduce((n, i) => n + i.quantity, 0),
    coupons,
  };
}

/** The order's state at `now`, derived from the submission date so that advancing the clock is all it takes. */
export function orderStateAt(order: OracleOrder, now: Date): OracleOrderState {
  if (!order.submittedDate) return 'INCOMPLETE';
  const elapsed = (now.getTime() - order.submittedDate.getTime()) / 1000;
  let state: OracleOrderState = 'SUBMITTED';
  for (const step of ORACLE_ORDER_TIMELINE) if (elapsed >= step.afterSeconds) state = step.state;
  return state;
}

function authorizedCents(payments: OracleStoredPayment[]): number | null {
  if (payments.length === 0 || payments.some((p) => p.paymentState !== 'AUTHORIZED')) return null;
  return payments.reduce((sum, p) => sum + p.amountCents, 0);
}

/** Where a new order is created and for whom. */
export interface OracleCreateInput {
  profileId: string;
  site: OracleSite;
  organizationId?: string;
}

/** The in-memory orders of one simulator instance. */
export class OracleStore {
  private readonly orders = new Map<string, OracleOrder>();
  private nextOrder = 30001;
  private nextItem = 1000001;
  private nextPayment = 2000001;
  private nextShippingGroup = 3000001;

  /** A new INCOMPLETE order for a profile, with whatever the changes carry. Nothing is kept when a change is refused. */
  create(input: OracleCreateInput, changes: OracleOrderChanges, c: ErrorCollector, now: Date): OracleOrder {
    const order = this.shell(input, now);
    this.applyChanges(order, changes, c, now);
    order.id = `o${this.nextOrder++}`;
    order.shippingGroupId = `sg${this.nextShippingGroup++}`;
    this.orders.set(order.id, order);
    return order;
  }

  /** A priced order that is not kept: priceOrder on a cart rather than an order id. */
  quote(input: OracleCreateInput, changes: OracleOrderChanges, c: ErrorCollector, now: Date): OracleOrder {
    const order = this.shell(input, now);
    this.applyChanges(order, changes, c, now);
    order.priced = true;
    return order;
  }

  get(id: string): OracleOrder {
    const order = this.orders.get(id);
    if (!order) throw new OracleError(404, OracleErrorCode.ORDER_NOT_FOUND, 'No order exists with this id', 'id');
    return order;
  }

  update(id: string, changes: OracleOrderChanges, c: ErrorCollector, now: Date): OracleOrder {
    const order = this.editable(id, now);
    this.applyChanges(order, changes, c, now);
    return order;
  }

  price(id: string, now: Date): OracleOrder {
    const order = this.editable(id, now);
    order.priced = true;
    order.lastModifiedDate = now;
    return order;
  }

  /** Authorizes payments for the order's current total. The order must be priced since its last change. */
  preAuthorize(id: string, payments: OraclePaymentInput[] | undefined, shippingAddress: OracleAddress | undefined, c: ErrorCollector, now: Date): OracleOrder {
    const order = this.editable(id, now);
    if (order.items.length === 0) throw new OracleError(400, OracleErrorCode.ITEMS_REQUIRED, 'The order has no items', 'shoppingCart.items');
    if (!payments || payments.length === 0) c.add(400, OracleErrorCode.PAYMENT_INVALID, 'preAuthorizeOrder needs at least one payment', 'payments');
    c.throwIfAny();
    if (!order.priced) throw new OracleError(400, OracleErrorCode.ORDER_NOT_PRICED, 'The order must be priced before payments are authorized', 'id');
    const authorized = this.authorize(payments ?? [], priceOf(order).totalCents);
    if (shippingAddress) order.shippingAddress = shippingAddress;
    order.payments = authorized;
    order.lastModifiedDate = now;
    return order;
  }

  /**
   * INCOMPLETE → SUBMITTED. Needs items, a shipping address (on the order or in the request), a price since the last
   * change, and payments: authorized ones on the order for its total, or new ones in the request. On success the
   * order is committed before the caller answers, so a lost response leaves a submitted order that a GET reveals.
   */
  submit(id: string, payments: OraclePaymentInput[] | undefined, shippingAddress: OracleAddress | undefined, c: ErrorCollector, now: Date): OracleOrder {
    const order = this.editable(id, now);
    if (order.items.length === 0) throw new OracleError(400, OracleErrorCode.ITEMS_REQUIRED, 'The order has no items', 'shoppingCart.items');
    const address = shippingAddress ?? order.shippingAddress;
    if (!address) c.add(400, OracleErrorCode.SHIPPING_ADDRESS_REQUIRED, 'A shipping address is required to submit the order', 'shippingAddress');
    c.throwIfAny();
    if (!order.priced) throw new OracleError(400, OracleErrorCode.ORDER_NOT_PRICED, 'The order must be priced before it is submitted', 'id');
    const total = priceOf(order).totalCents;
    let authorized = order.payments;
    if (payments && payments.length > 0) {
      authorized = this.authorize(payments, total);
    } else if (total > 0 && authorizedCents(order.payments) !== total) {
      throw new OracleError(400, OracleErrorCode.PAYMENT_REQUIRED, 'The order has no authorized payment for its total', 'payments');
    }
    order.shippingAddress = address;
    order.payments = authorized;
    order.submittedDate = now;
    order.lastModifiedDate = now;
    return order;
  }

  /** Sends SUBMITTED and PROCESSING orders to fulfilment again; answers the ids it did not send. */
  resend(ids: string[], now: Date): string[] {
    const notSubmitted: string[] = [];
    for (const id of ids) {
      const order = this.orders.get(id);
      if (order && RESENDABLE.has(orderStateAt(order, now))) order.fulfillmentResends += 1;
      else notSubmitted.push(id);
    }
    return notSubmitted;
  }

  /** Orders matching a list query, sorted and paged. */
  list(query: OracleListQuery, now: Date): { items: OracleOrder[]; total: number } {
    const matches = [...this.orders.values()].filter((o) => {
      if (query.profileId !== undefined && o.profileId !== query.profileId) return false;
      const state = orderStateAt(o, now);
      return query.stateFilters.every((f) => (f.op === 'eq' ? state === f.value : state !== f.value));
    });
    const key = (o: OracleOrder): number | string =>
      query.sort.field === 'id' ? Number(o.id.slice(1)) : query.sort.field === 'submittedDate' ? (o.submittedDate?.getTime() ?? 0) : o.creationDate.getTime();
    matches.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const primary = ka < kb ? -1 : ka > kb ? 1 : 0;
      // Ids break ties, so that orders made in the same millisecond still page in a stable order.
      const ordered = primary !== 0 ? primary : Number(a.id.slice(1)) - Number(b.id.slice(1));
      return query.sort.descending ? -ordered : ordered;
    });
    return { items: matches.slice(query.offset, query.offset + query.limit), total: matches.length };
  }

  private shell(input: OracleCreateInput, now: Date): OracleOrder {
    if (!findProfile(input.profileId)) {
      throw new OracleError(400, OracleErrorCode.PROFILE_NOT_FOUND, 'No profile found with this profile id', 'profileId');
    }
    const order: OracleOrder = {
      id: '',
      uuid: randomUUID(),
      siteId: input.site.id,
      currencyCode: input.site.currencyCode,
      taxRatePercent: input.site.taxRatePercent,
      profileId: input.profileId,
      creationDate: now,
      lastModifiedDate: now,
      items: [],
      coupons: [],
      shippingMethod: ORACLE_DEFAULT_SHIPPING_METHOD,
      payments: [],
      priced: false,
      dynamicProperties: {},
      shippingGroupId: '',
      fulfillmentResends: 0,
    };
    if (input.organizationId !== undefined) order.organizationId = input.organizationId;
    return order;
  }

  private editable(id: string, now: Date): OracleOrder {
    const order = this.get(id);
    if (orderStateAt(order, now) !== 'INCOMPLETE') {
      throw new OracleError(400, OracleErrorCode.ORDER_NOT_EDITABLE, 'The order is no longer INCOMPLETE and cannot change', 'id');
    }
    return order;
  }

  /** Checks every change against the catalogue first, then applies all of them, so a refusal changes nothing. */
  private applyChanges(order: OracleOrder, changes: OracleOrderChanges, c: ErrorCollector, now: Date): void {
    let items: OracleStoredItem[] | undefined;
    if (changes.items) {
      const existing = new Map<string, OracleStoredItem>();
      walkItems(order.items, (item) => existing.set(item.commerceItemId, item));
      const claimed = new Set<string>();
      items = changes.items
        .map((input) => this.buildItem(input, undefined, existing, claimed, order.currencyCode, c))
        .filter((i): i is OracleStoredItem => i !== undefined);
    }
    c.throwIfAny();

    const total = (): number => priceOf(order).totalCents;
    const before = total();
    let priceChanged = false;
    if (items) {
      walkItems(items, (item) => {
        if (item.commerceItemId === '') item.commerceItemId = `ci${this.nextItem++}`;
      });
      order.items = items;
      priceChanged = true;
    }
    if (changes.coupons) {
      order.coupons = changes.coupons.map((coupon) => coupon.code);
      priceChanged = true;
    }
    if (changes.shippingMethod !== undefined && changes.shippingMethod !== order.shippingMethod) {
      order.shippingMethod = changes.shippingMethod;
      priceChanged = true;
    }
    if (changes.shippingAddress) order.shippingAddress = changes.shippingAddress;
    if (changes.billingAddress) order.billingAddress = changes.billingAddress;
    for (const [key, value] of Object.entries(changes.dynamicProperties)) {
      if (value === null) delete order.dynamicProperties[key];
      else order.dynamicProperties[key] = value;
    }
    if (priceChanged) {
      order.priced = false;
      // An authorization covers an amount: once the total moves, the payments must be authorized again [I].
      if (total() !== before && authorizedCents(order.payments) !== null) {
        for (const p of order.payments) p.paymentState = 'INITIAL';
      }
    }
    order.lastModifiedDate = now;
  }

  private buildItem(
    input: OracleItemInput,
    parent: OracleProduct | undefined,
    existing: Map<string, OracleStoredItem>,
    claimed: Set<string>,
    currency: OracleCurrency,
    c: ErrorCollector,
  ): OracleStoredItem | undefined {
    const product = findProduct(input.productId);
    if (!product) {
      c.add(400, OracleErrorCode.PRODUCT_NOT_FOUND, 'Product Id is invalid or non-existent', `${input.path}.productId`);
      return undefined;
    }
    const bundlePart = parent?.kind === 'bundle' && (parent.bundleParts ?? []).includes(product.id);
    if (!parent && product.kind === 'addOn') {
      c.add(400, OracleErrorCode.CHILD_ITEM_INVALID, 'An add-on can only be ordered as a child item of the product it goes with', `${input.path}.productId`);
    } else if (parent && !bundlePart && !(parent.addOns ?? []).includes(product.id)) {
      c.add(400, OracleErrorCode.CHILD_ITEM_INVALID, 'This product cannot be a child item of its parent', `${input.path}.productId`);
    }
    let sku = product.skus.length === 1 && input.catRefId === undefined ? product.skus[0] : undefined;
    if (input.catRefId !== undefined) {
      sku = product.skus.find((s) => s.id === input.catRefId);
      if (!sku) c.add(400, OracleErrorCode.SKU_INVALID, 'catRefId is not a SKU of this product', `${input.path}.catRefId`);
    } else if (!sku) {
      c.add(400, OracleErrorCode.SKU_INVALID, 'This product has several SKUs: catRefId is required', `${input.path}.catRefId`);
    }
    this.checkShopperInput(product, input, c);
    let commerceItemId = '';
    if (input.commerceItemId !== undefined) {
      if (!existing.has(input.commerceItemId) || claimed.has(input.commerceItemId)) {
        c.add(400, OracleErrorCode.COMMERCE_ITEM_NOT_FOUND, 'commerceItemId is not an item of this order', `${input.path}.commerceItemId`);
      } else {
        claimed.add(input.commerceItemId);
        commerceItemId = input.commerceItemId;
      }
    }
    const childItems = input.childItems
      .map((child) => this.buildItem(child, product, existing, claimed, currency, c))
      .filter((i): i is OracleStoredItem => i !== undefined);
    if (!sku) return undefined;
    const item: OracleStoredItem = {
      commerceItemId,
      productId: product.id,
      catRefId: sku.id,
      displayName: sku.displayName,
      quantity: input.quantity,
      unitCents: bundlePart ? 0 : toCents(sku.listPrice[currency]),
      addOnItem: product.kind === 'addOn',
      shopperInput: input.shopperInput,
      childItems,
    };
    if (sku.recurring && !bundlePart) {
      item.recurringCents = toCents(sku.recurring.amount[currency]);
      item.frequency = sku.recurring.frequency;
    }
    return item;
  }

  private checkShopperInput(product: OracleProduct, input: OracleItemInput, c: ErrorCollector): void {
    const defs = product.shopperInputs ?? [];
    const given = input.shopperInput;
    for (const key of Object.keys(given)) {
      if (!defs.some((d) => d.key === key)) {
        c.add(400, OracleErrorCode.SHOPPER_INPUT_INVALID, 'This product takes no shopper input of that name', `${input.path}.shopperInput.${key}`);
      }
    }
    for (const def of defs) {
      const value = given[def.key];
      if (value === undefined || value === '') {
        if (def.required) c.add(400, OracleErrorCode.SHOPPER_INPUT_INVALID, `Shopper input ${def.key} is required`, `${input.path}.shopperInput.${def.key}`);
        continue;
      }
      if (value.length > def.maxLength || CONTROL.test(value) || (def.values && !def.values.includes(value))) {
        const allowed = def.values ? `one of ${def.values.join(', ')}` : `text of at most ${def.maxLength} characters`;
        c.add(400, OracleErrorCode.SHOPPER_INPUT_INVALID, `Shopper input ${def.key} must be ${allowed}`, `${input.path}.shopperInput.${def.key}`);
      }
    }
  }

  /** Payment groups for a total: at most one payment may leave its amount out and takes the rest. */
  private authorize(inputs: OraclePaymentInput[], totalCents: number): OracleStoredPayment[] {
    const c = new ErrorCollector();
    const open = inputs.filter((p) => p.amountCents === undefined);
    const explicit = inputs.reduce((sum, p) => sum + (p.amountCents ?? 0), 0);
    const rest = totalCents - explicit;
    if (open.length > 1) {
      c.add(400, OracleErrorCode.PAYMENT_AMOUNT_MISMATCH, 'Only one payment may leave out its amount', 'payments');
    } else if (rest < 0 || (open.length === 0 && rest !== 0)) {
      c.add(400, OracleErrorCode.PAYMENT_AMOUNT_MISMATCH, 'The payment amounts do not add up to the order total', 'payments');
    }
    for (const p of inputs) {
      // Test tokens that start with tok_decline / gc_empty are declined, like a gateway's test cards [I].
      if (p.cardToken?.startsWith('tok_decline')) c.add(400, OracleErrorCode.PAYMENT_DECLINED, 'The card was declined', `${p.path}.cardToken`);
      if (p.giftCardToken?.startsWith('gc_empty')) c.add(400, OracleErrorCode.PAYMENT_DECLINED, 'The gift card has no balance', `${p.path}.giftCardToken`);
    }
    c.throwIfAny();
    return inputs.map((p) => {
      const stored: OracleStoredPayment = {
        paymentGroupId: `pg${this.nextPayment++}`,
        type: p.type,
        amountCents: p.amountCents ?? rest,
        paymentState: 'AUTHORIZED',
      };
      if (p.cardType !== undefined) stored.cardType = p.cardType;
      if (p.lastFour !== undefined) stored.lastFour = p.lastFour;
      if (p.nameOnCard !== undefined) stored.nameOnCard = p.nameOnCard;
      if (p.endMonth !== undefined) stored.endMonth = p.endMonth;
      if (p.endYear !== undefined) stored.endYear = p.endYear;
      if (p.PONumber !== undefined) stored.PONumber = p.PONumber;
      return stored;
    });
  }
}
