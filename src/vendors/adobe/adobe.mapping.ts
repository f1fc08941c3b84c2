import { ADOBE } from './adobe.vendor';
import { randomBytes } from 'node:crypto';
import { addMoney, money, subtractMoney, toDecimalString } from '../../common/money';
import { ItemPrice, Money, Totals } from '../../common/money.type';
import { FINAL_STATES, OrderState } from '../../common/order-state';
import { encodeId, isSafeVendorId, isValidCustomerId, cartItemId } from '../../common/ids';
import { Cart } from '../../cart/cart.type';
import { CartItem, CartItemAction } from '../../cart/cart-item.type';
import { OrderItem } from '../../order/order-item.type';
import { ProductOrder } from '../../order/product-order.type';
import { ReturnLineInput } from '../../order/return-line.input';
import { ShapeChecker } from '../shape';
import { DraftCart, DraftLinePrice, DraftPreview } from './adobe.drafts';
import { ADOBE_POLL_AFTER, adobeState } from './adobe.states';
import { reportDroppedPart, tolerant } from '../shared/tolerant';
import { AdobeLineItemRequest, AdobeOrderRequest } from './adobe.wire';

/** Adobe order numbers: short, plain, safe in a path and in the composite vendor id. */
const ADOBE_ORDER_ID = /^[A-Za-z0-9-]{1,40}$/;
/** Prefix of the vendor id given to a preview, which Adobe never stores. */
const PREVIEW_PREFIX = 'preview-';

/**
 * The vendor id of an Adobe order: `<customerId>:<orderId>`, because every Adobe order path needs both. Both
 * parts pass their allow-lists, and customer ids hold no `:`, so the split is unambiguous.
 */
export function adobeOrderVendorId(customerId: string, orderId: string): string {
  return `${customerId}:${orderId}`;
}

/** Splits an order vendor id; null when it is not one (or is a preview's, which names no stored order). */
export function parseAdobeOrderVendorId(vendorId: string): { customerId: string; orderId: string } | null {
  const at = vendorId.indexOf(':');
  if (at <= 0) return null;
  const customerId = vendorId.slice(0, at);
  const orderId = vendorId.slice(at + 1);
  if (!isValidCustomerId(customerId) || !ADOBE_ORDER_ID.test(orderId) || orderId.startsWith(PREVIEW_PREFIX)) return null;
  return { customerId, orderId };
}

/** The draft's lines as the `lineItems` of an order body, in the draft's order (so line k is cart item k). */
export function toLineItems(draft: DraftCart): AdobeLineItemRequest[] {
  return draft.lines.map((line) => {
    const out: AdobeLineItemRequest = { extLineItemNumber: line.lineNumber, offerId: line.offerId, quantity: line.quantity };
    if (line.currencyCode) out.currencyCode = line.currencyCode;
    if (line.deploymentId) out.deploymentId = line.deploymentId;
    if (line.discountCode) out.discountCode = line.discountCode;
    return out;
  });
}

/** The NEW order body of a draft. */
export function toNewOrder(draft: DraftCart, externalReferenceId: string | undefined): AdobeOrderRequest {
  return { orderType: 'NEW', ...(externalReferenceId ? { externalReferenceId } : {}), lineItems: toLineItems(draft) };
}

/**
 * The RETURN body: each return line names an order line by its id (Adobe's extLineItemNumber), and Adobe matches
 * it by that number and the line's offer id, so the offer id is taken from the order as read.
 */
export function toReturnOrder(order: ProductOrder, lines: ReturnLineInput[]): AdobeOrderRequest | { missing: number[] } {
  const missing: number[] = [];
  const lineItems = lines.map((line, i): AdobeLineItemRequest => {
    const item = order.items.find((it) => it.id === line.lineId);
    if (!item?.offeringId || !/^\d{1,6}$/.test(line.lineId)) missing.push(i);
    return { extLineItemNumber: Number(line.lineId), offerId: item?.offeringId ?? '', quantity: line.quantity };
  });
  if (missing.length > 0) return { missing };
  const { orderId } = parseAdobeOrderVendorId(order.vendorId) ?? { orderId: '' };
  return { orderType: 'RETURN', referenceOrderId: orderId, lineItems };
}

function amount(check: ShapeChecker, value: unknown, currency: string | null, path: string): Money | null {
  if (value === undefined || value === null || currency === null) return null;
  const result = money(value, currency);
  if (!result) check.fail(path, 'an amount');
  return result;
}

function decimal(check: ShapeChecker, value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  const d = toDecimalString(value);
  if (d === null) check.fail(path, 'an amount');
  return d;
}

/** An exact decimal times a whole quantity (no floating point). */
export function timesQuantity(amountText: string, quantity: number): string {
  const negative = amountText.startsWith('-');
  const [whole, fraction = ''] = amountText.replace('-', '').split('.');
  const digits = Math.max(fraction.length, 2);
  const scaled = BigInt(whole + fraction.padEnd(digits, '0')) * BigInt(quantity);
  const text = scaled.toString().padStart(digits + 1, '0');
  return `${negative && scaled !== 0n ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

function currencyOf(check: ShapeChecker, value: unknown, path: string): string | null {
  const c = check.optionalString(value, path);
  if (c !== null && !/^[A-Z]{3}$/.test(c)) check.fail(path, 'an ISO 4217 currency');
  return c;
}

interface LineRead {
  extLineItemNumber: number;
  offerId: string;
  quantity: number;
  status: string | null;
  subscriptionId: string | null;
  currencyCode: string | null;
  pricing: { partnerPrice: string | null; discountedPartnerPrice: string | null; netPartnerPrice: string | null; lineItemPartnerPrice: string | null } | null;
}

function readLine(check: ShapeChecker, raw: unknown, path: string, orderCurrency: string | null): LineRead {
  const l = check.object(raw, path);
  // Identity of a line: its number, offer and quantity (a return or renewal sends them back). Pricing, currency and
  // subscription are optional parts, read tolerantly.
  const pricing = tolerant(check, `${path}.pricing`, () => (l.pricing === undefined || l.pricing === null ? null : check.object(l.pricing, `${path}.pricing`)));
  const subscriptionId = tolerant(check, `${path}.subscriptionId`, () => check.optionalString(l.subscriptionId, `${path}.subscriptionId`));
  const price = (key: string, value: unknown): string | null =>
    tolerant(check, `${path}.pricing.${key}`, () => decimal(check, value, `${path}.pricing.${key}`));
  return {
    extLineItemNumber: check.integer(l.extLineItemNumber, `${path}.extLineItemNumber`),
    offerId: check.id(l.offerId, `${path}.offerId`, isSafeVendorId),
    quantity: check.integer(l.quantity, `${path}.quantity`),
    status: tolerant(check, `${path}.status`, () => check.optionalString(l.status, `${path}.status`)),
    subscriptionId: subscriptionId && isSafeVendorId(subscriptionId) ? subscriptionId : null,
    currencyCode: tolerant(check, `${path}.currencyCode`, () => currencyOf(check, l.currencyCode, `${path}.currencyCode`)) ?? orderCurrency,
    pricing: pricing && {
      partnerPrice: price('partnerPrice', pricing.partnerPrice),
      discountedPartnerPrice: price('discountedPartnerPrice', pricing.discountedPartnerPrice),
      netPartnerPrice: price('netPartnerPrice', pricing.netPartnerPrice),
      // The docs have spelt it both ways: `lineItemPartnerPrice` and, in other pages, `lineItemPrice`.
      lineItemPartnerPrice: price('lineItemPartnerPrice', pricing.lineItemPartnerPrice ?? pricing.lineItemPrice),
    },
  };
}

function orderCurrencyOf(check: ShapeChecker, o: Record<string, unknown>): string | null {
  return (
    tolerant(check, 'order.currencyCode', () => currencyOf(check, o.currencyCode, 'order.currencyCode')) ??
    tolerant(check, 'order.pricingSummary[0].currencyCode', () => {
      const summary = check.optionalArray(o.pricingSummary, 'order.pricingSummary').map((s, i) => check.object(s, `order.pricingSummary[${i}]`))[0];
      return summary ? currencyOf(check, summary.currencyCode, 'order.pricingSummary[0].currencyCode') : null;
    })
  );
}

/**
 * Totals from line prices. Adobe computes no tax [C]. `subtotal` is the partner price before discounts, `discount`
 * what the line discounts took off, `total` what the order costs now. The partner price is charged when the order
 * is placed for the subscription term, so it is a one-time amount here; a renewal is an order of its own [I].
 */
function totalsOf(lines: { quantity: number; currencyCode: string | null; pricing: LineRead['pricing'] }[], summaryTotal: Money | null): Totals {
  let subtotal: Money | null = null;
  let total: Money | null = null;
  for (const line of lines) {
    const c = line.currencyCode;
    if (!line.pricing || !c) continue;
    if (line.pricing.partnerPrice) subtotal = addMoney(subtotal, { amount: timesQuantity(line.pricing.partnerPrice, line.quantity), currencyCode: c });
    if (line.pricing.lineItemPartnerPrice) total = addMoney(total, { amount: line.pricing.lineItemPartnerPrice, currencyCode: c });
  }
  total = summaryTotal ?? total;
  const discount = subtotal && total && subtotal.currencyCode === total.currencyCode ? subtractMoney(subtotal, total) : null;
  return {
    oneTime: total,
    recurring: [],
    subtotal,
    tax: null,
    shipping: null,
    discount: discount && !discount.amount.startsWith('-') && !/^0\.0+$/.test(discount.amount) ? discount : null,
    total,
  };
}

function summaryTotalOf(check: ShapeChecker, o: Record<string, unknown>): Money | null {
  return tolerant(check, 'order.pricingSummary', () => strictSummaryTotalOf(check, o));
}

function strictSummaryTotalOf(check: ShapeChecker, o: Record<string, unknown>): Money | null {
  const rows = check.optionalArray(o.pricingSummary, 'order.pricingSummary').map((s, i) => check.object(s, `order.pricingSummary[${i}]`));
  let total: Money | null = null;
  rows.forEach((row, i) => {
    const c = currencyOf(check, row.currencyCode, `order.pricingSummary[${i}].currencyCode`);
    // `totalLineItemPartnerPrice`, or `totalLineItemPrice` as other doc pages spell it.
    total = addMoney(total, amount(check, row.totalLineItemPartnerPrice ?? row.totalLineItemPrice, c, `order.pricingSummary[${i}].totalLineItemPartnerPrice`));
  });
  return total;
}

function pollAfter(s: OrderState): number | null {
  return FINAL_STATES.has(s) || s === OrderState.DRAFT ? null : (ADOBE_POLL_AFTER[s] ?? 300);
}

/** A status code this table does not know is PENDING: the raw value stays in `vendorStatus`, and it is reported. */
function stateOf(check: ShapeChecker, status: string, path: string): OrderState {
  const s = adobeState(status);
  if (!s) reportDroppedPart(check, path, 'a known Adobe status code; read as PENDING with the raw value kept');
  return s ?? OrderState.PENDING;
}

/** Extra facts about an order that Adobe does not hold: the draft it came from. */
export interface OrderExtras {
  cartVendorId?: string | null;
}

/**
 * An Adobe order (create-order answer, GET, list item, or a PREVIEW_RENEWAL) as a ProductOrder. `customerId` is the
 * customer of the request path. A preview (empty `orderId` and `status`) gets an id that reads as null later,
 * state DRAFT and line states DRAFT ("will renew", 1000) or REJECTED ("will not", 1004).
 */
export function mapAdobeOrder(check: ShapeChecker, body: unknown, customerId: string, extras: OrderExtras = {}): ProductOrder {
  const o = check.object(body, 'order');
  const rawOrderId = check.optionalString(o.orderId, 'order.orderId');
  const isPreview = rawOrderId === null;
  const orderId = rawOrderId ?? `${PREVIEW_PREFIX}${randomBytes(8).toString('hex')}`;
  if (!ADOBE_ORDER_ID.test(orderId)) check.fail('order.orderId', 'a plain order id');
  const vendorId = adobeOrderVendorId(customerId, orderId);
  if (!isSafeVendorId(vendorId)) check.fail('order.orderId', 'a safe id');
  const rawStatus = tolerant(check, 'order.status', () => check.optionalString(o.status, 'order.status'));
  const state = isPreview || rawStatus === null ? OrderState.DRAFT : stateOf(check, rawStatus, 'order.status');
  const currency = orderCurrencyOf(check, o);
  const lines = check.array(o.lineItems, 'order.lineItems').map((raw, i) => readLine(check, raw, `order.lineItems[${i}]`, currency));
  const orderType = tolerant(check, 'order.orderType', () => check.optionalString(o.orderType, 'order.orderType'));
  const referenceOrderId = tolerant(check, 'order.referenceOrderId', () => check.optionalString(o.referenceOrderId, 'order.referenceOrderId'));
  const items: OrderItem[] = lines.map((line, i) => {
    let lineState: OrderState | null;
    if (isPreview) lineState = line.status === '1004' ? OrderState.REJECTED : OrderState.DRAFT;
    else lineState = line.status ? stateOf(check, line.status, `order.lineItems[${i}].status`) : state;
    const c = line.currencyCode;
    return {
      id: String(line.extLineItemNumber),
      action: orderType === 'RETURN' ? CartItemAction.TERMINATE : CartItemAction.ADD,
      offeringId: line.offerId,
      name: null,
      quantity: line.quantity,
      state: lineState,
      vendorStatus: line.status,
      // Adobe sends "" until the order is complete; a preview renewal names the subscriptions it renews.
      subscriptionId: line.subscriptionId,
      unitPrice: line.pricing ? { oneTime: money(line.pricing.netPartnerPrice, c), recurring: null } : null,
      totalPrice: line.pricing ? { oneTime: money(line.pricing.lineItemPartnerPrice, c), recurring: null } : null,
    };
  });
  return {
    id: encodeId(ADOBE.id, 'ProductOrder', vendorId),
    vendorId,
    vendor: ADOBE.id,
    customerId,
    state,
    vendorStatus: rawStatus,
    customerOrderId: isPreview ? null : orderId,
    externalReferenceId: tolerant(check, 'order.externalReferenceId', () => check.optionalString(o.externalReferenceId, 'order.externalReferenceId')),
    orderType,
    items,
    payments: [],
    totals: totalsOf(lines, summaryTotalOf(check, o)),
    dynamicProperties: [],
    submittedAt: tolerant(check, 'order.creationDate', () => check.date(o.creationDate, 'order.creationDate')),
    pollAfter: pollAfter(state),
    cartVendorId: extras.cartVendorId ?? null,
    referenceOrderVendorId: referenceOrderId && ADOBE_ORDER_ID.test(referenceOrderId) ? adobeOrderVendorId(customerId, referenceOrderId) : null,
  };
}

/**
 * A PREVIEW answer as the draft's stored preview: prices per line number and the offer Adobe would order instead
 * (a better volume level). Lines are matched by line number; Adobe must answer for every line sent.
 */
export function readPreview(check: ShapeChecker, body: unknown, draft: DraftCart): DraftPreview {
  const o = check.object(body, 'preview');
  const currency = orderCurrencyOf(check, o);
  const lines = check.array(o.lineItems, 'preview.lineItems').map((raw, i) => readLine(check, raw, `preview.lineItems[${i}]`, currency));
  const byNumber: Record<string, DraftLinePrice> = {};
  for (const line of lines) {
    byNumber[String(line.extLineItemNumber)] = {
      offerId: line.offerId,
      currencyCode: line.currencyCode ?? '',
      partnerPrice: line.pricing?.partnerPrice ?? null,
      discountedPartnerPrice: line.pricing?.discountedPartnerPrice ?? null,
      netPartnerPrice: line.pricing?.netPartnerPrice ?? null,
      lineItemPartnerPrice: line.pricing?.lineItemPartnerPrice ?? null,
    };
  }
  for (const line of draft.lines) if (!byNumber[String(line.lineNumber)]) check.fail('preview.lineItems', `a line ${line.lineNumber}`);
  const total = summaryTotalOf(check, o);
  return {
    revision: draft.revision,
    at: new Date().toISOString(),
    currencyCode: total?.currencyCode ?? currency,
    total: total?.amount ?? null,
    lines: byNumber,
  };
}

const NO_PRICE: ItemPrice = { oneTime: null, recurring: null };

/** A draft as a graph Cart, with the prices of its last preview while the lines are still as priced. */
export function draftToCart(draft: DraftCart): Cart {
  const preview = draft.preview && draft.preview.revision === draft.revision ? draft.preview : null;
  const items: CartItem[] = draft.lines.map((line) => {
    const price = preview?.lines[String(line.lineNumber)];
    const c = price?.currencyCode || line.currencyCode;
    const unit = price && c ? money(price.netPartnerPrice, c) : null;
    const total = price && c ? money(price.lineItemPartnerPrice, c) : null;
    return {
      id: cartItemId(ADOBE.id, draft.id, String(line.lineNumber)),
      vendorId: String(line.lineNumber),
      action: CartItemAction.ADD,
      offeringId: line.offerId,
      name: null,
      productType: null,
      productId: null,
      quantity: line.quantity,
      unitPrice: unit ? { oneTime: unit, recurring: null } : NO_PRICE,
      totalPrice: total ? { oneTime: total, recurring: null } : NO_PRICE,
      lineNumber: line.lineNumber,
      currencyCode: line.currencyCode ?? price?.currencyCode ?? null,
      deploymentId: line.deploymentId,
      discountCode: line.discountCode,
      suggestedOfferingId: price && price.offerId !== line.offerId ? price.offerId : null,
      shopperInput: [],
      characteristics: [],
      children: [],
    };
  });
  const priced = preview
    ? totalsOf(
        draft.lines.map((line) => {
          const p = preview.lines[String(line.lineNumber)];
          return { quantity: line.quantity, currencyCode: p?.currencyCode || null, pricing: p ?? null };
        }),
        preview.total && preview.currencyCode ? money(preview.total, preview.currencyCode) : null,
      )
    : null;
  return {
    id: encodeId(ADOBE.id, 'Cart', draft.id),
    vendorId: draft.id,
    vendor: ADOBE.id,
    customerId: draft.customerId,
    state: draft.state === 'DRAFT' ? OrderState.DRAFT : OrderState.SUBMITTED,
    vendorStatus: null,
    items,
    totals: priced ?? { oneTime: null, recurring: [], subtotal: null, tax: null, shipping: null, discount: null, total: null },
    coupons: [],
    dynamicProperties: [],
    validationMessages: [],
    createdAt: new Date(draft.createdAt),
    orderVendorId: draft.orderVendorId,
  };
}
