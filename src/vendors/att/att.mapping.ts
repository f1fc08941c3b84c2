import { ATT } from './att.vendor';
import { addMoney, chargePeriod, money, subtractMoney } from '../../common/money';
import { ItemPrice, Money, RecurringCharge, Totals } from '../../common/money.type';
import { NameValue } from '../../common/name-value.type';
import { FINAL_STATES, OrderState } from '../../common/order-state';
import { encodeId, isSafeVendorId, cartItemId } from '../../common/ids';
import { Cart } from '../../cart/cart.type';
import { CartItem, CartItemAction } from '../../cart/cart-item.type';
import { CheckoutOptions } from '../../cart/checkout-options.type';
import { CartItemInput, CartSubmitInput } from '../../cart/cart.input';
import { ProductOrder } from '../../order/product-order.type';
import { PaymentMethod } from '../../payment/payment.type';
import { ShapeChecker, wireText } from '../shape';
import { ATT_POLL_AFTER, attState } from './att.states';
import { AttCartItemRequest, AttExpressSubmitRequest, AttItemAction } from './att.wire';
import { tolerant, tolerantList } from './att.tolerant';
import { reportDroppedPart } from '../shared/tolerant';

const ACTIONS_OUT: Record<CartItemAction, AttItemAction> = {
  [CartItemAction.ADD]: 'add',
  [CartItemAction.NO_CHANGE]: 'noChange',
  [CartItemAction.TERMINATE]: 'terminate',
  [CartItemAction.SWAP]: 'swap;add',
};

const ACTIONS_IN: Record<string, CartItemAction> = {
  add: CartItemAction.ADD,
  nochange: CartItemAction.NO_CHANGE,
  terminate: CartItemAction.TERMINATE,
  'swap;add': CartItemAction.SWAP,
  swap: CartItemAction.SWAP,
  modify: CartItemAction.SWAP,
  delete: CartItemAction.TERMINATE,
};

/** A graph item input as the partner API's add-items entry. */
export function toAttItem(item: CartItemInput, sendQuantity = false): AttCartItemRequest {
  // The partner docs show no item quantity (seed 002): it is sent only behind ATT_ASSUME_ITEM_QUANTITY.
  const out: AttCartItemRequest = { action: ACTIONS_OUT[item.action], ...(sendQuantity ? { quantity: item.quantity } : {}) };
  if (item.productType) out.productOfferingType = item.productType;
  if (item.offeringId) out.productOfferingId = item.offeringId;
  if (item.productId) out.product = { id: item.productId, primaryProductId: item.productId };
  if (item.billingAccountId) out.billingAccount = { ratingType: 'postpaid', id: item.billingAccountId };
  if (item.action === CartItemAction.TERMINATE || item.action === CartItemAction.SWAP) {
    out.actionReason = { name: 'LC', ...(item.action === CartItemAction.SWAP ? { action: 'swap' } : {}) };
  }
  if (item.characteristics?.length) out.characteristic = item.characteristics.map(({ name, value }) => ({ name, value }));
  return out;
}

/** Submit choices as the express-submit body. Only a card token, brand and last four ever leave here. */
export function toExpressSubmit(input: CartSubmitInput): AttExpressSubmitRequest {
  const body: AttExpressSubmitRequest = {};
  if (input.payments?.length) {
    body.paymentMethods = input.payments.map((p) =>
      p.method === PaymentMethod.CARD
        ? { type: 'card' as const, card: { token: p.cardToken ?? '', brand: p.cardBrand, last4: p.cardLast4 } }
        : { type: p.method === PaymentMethod.BANK ? ('bank' as const) : ('paymentProfile' as const), paymentProfileId: p.paymentProfileId },
    );
  }
  if (input.autoPay !== undefined || input.paperless !== undefined) body.enrollment = { autoPay: input.autoPay, paperless: input.paperless };
  if (input.acceptedTerms) body.terms = { acceptedKeys: input.acceptedTerms };
  if (input.fulfillmentOptionId) body.fulfillment = { fulfillmentOptionId: input.fulfillmentOptionId };
  if (input.installationAppointmentId) {
    body.installationAppointment = { appointmentId: input.installationAppointmentId, contactName: input.contactName, contactPhone: input.contactPhone };
  }
  return body;
}

function tmfMoney(check: ShapeChecker, value: unknown, path: string): Money | null {
  if (value === undefined || value === null) return null;
  const m = check.object(value, path);
  const result = money(m.value, m.unit);
  if (!result) check.fail(path, 'TMF money {unit, value}');
  return result;
}

interface PriceParts {
  oneTime: Money | null;
  /** One-time charges with tax, where the vendor gives them. */
  oneTimeTaxed: Money | null;
  recurring: RecurringCharge[];
}

/** OrderPrice list → one-time and recurring parts, summed per kind and per period. */
function prices(check: ShapeChecker, value: unknown, path: string): PriceParts {
  const parts: PriceParts = { oneTime: null, oneTimeTaxed: null, recurring: [] };
  check.optionalArray(value, path).forEach((raw, i) => {
    const at = `${path}[${i}]`;
    const p = check.object(raw, at);
    const type = check.string(p.priceType, `${at}.priceType`);
    const price = check.object(p.price, `${at}.price`);
    const dutyFree = tmfMoney(check, price.dutyFreeAmount, `${at}.price.dutyFreeAmount`);
    const withTax = tmfMoney(check, price.taxIncludedAmount, `${at}.price.taxIncludedAmount`) ?? dutyFree;
    if (!dutyFree) check.fail(`${at}.price.dutyFreeAmount`, 'an amount');
    if (/^recurring$/i.test(type)) {
      const period = chargePeriod(p.recurringChargePeriod);
      const same = parts.recurring.find((r) => r.period === period);
      if (same) same.amount = addMoney(same.amount, dutyFree)!;
      else parts.recurring.push({ period, amount: dutyFree });
    } else if (/^one.?time$/i.test(type)) {
      parts.oneTime = addMoney(parts.oneTime, dutyFree);
      parts.oneTimeTaxed = addMoney(parts.oneTimeTaxed, withTax);
    }
  });
  return parts;
}

function itemPrice(parts: PriceParts): ItemPrice {
  return { oneTime: parts.oneTime, recurring: parts.recurring[0] ?? null };
}

function totalsFrom(check: ShapeChecker, value: unknown, path: string): Totals {
  const p = prices(check, value, path);
  const tax = p.oneTimeTaxed && p.oneTime ? subtractMoney(p.oneTimeTaxed, p.oneTime) : null;
  return { oneTime: p.oneTime, recurring: p.recurring, subtotal: p.oneTime, tax, shipping: null, discount: null, total: p.oneTimeTaxed };
}

function characteristics(check: ShapeChecker, value: unknown, path: string): NameValue[] {
  return check.optionalArray(value, path).map((raw, i) => {
    const c = check.object(raw, `${path}[${i}]`);
    return { name: check.string(c.name, `${path}[${i}].name`), value: wireText(c.value ?? '') };
  });
}

/** A state AT&T sent that this table does not know is PENDING: the raw value stays in `vendorStatus`. */
function state(check: ShapeChecker, value: unknown, path: string): OrderState {
  const raw = check.string(value, path);
  const known = attState(raw);
  if (!known) reportDroppedPart(check, path, 'a known AT&T state; read as PENDING with the raw value kept');
  return known ?? OrderState.PENDING;
}

function cartItem(check: ShapeChecker, cartId: string, raw: unknown, path: string): CartItem {
  const item = check.object(raw, path);
  const itemId = check.id(item.id, `${path}.id`, isSafeVendorId);
  const offering = item.productOffering ? check.object(item.productOffering, `${path}.productOffering`) : {};
  const product = item.product ? check.object(item.product, `${path}.product`) : {};
  const action = ACTIONS_IN[wireText(item.action ?? 'add').toLowerCase()] ?? CartItemAction.ADD;
  const unit = prices(check, item.itemPrice, `${path}.itemPrice`);
  const total = item.itemTotalPrice ?? item.ItemTotalPrice; // TMF663 v4's swagger misspells it
  const line = total === undefined ? unit : prices(check, total, `${path}.itemTotalPrice`);
  return {
    id: cartItemId(ATT.id, cartId, itemId),
    vendorId: itemId,
    action,
    offeringId: check.optionalString(offering.id ?? item.productOfferingId, `${path}.productOffering.id`),
    name: check.optionalString(offering.name, `${path}.productOffering.name`),
    productType: check.optionalString(item.productOfferingType, `${path}.productOfferingType`),
    productId: check.optionalString(product.id, `${path}.product.id`),
    quantity: check.integer(item.quantity, `${path}.quantity`, 1),
    unitPrice: itemPrice(unit),
    totalPrice: itemPrice(line),
    shopperInput: [],
    characteristics: characteristics(check, item.characteristic ?? item.productCharacteristic, `${path}.characteristic`),
    children: check
      .optionalArray(item.productOrderItem, `${path}.productOrderItem`)
      .map((c, i) => cartItem(check, cartId, c, `${path}.productOrderItem[${i}]`)),
  };
}

/** A ProductOrder-shaped AT&T cart (create, add items, cart read) as a graph Cart. */
export function mapCart(check: ShapeChecker, body: unknown): Cart {
  const cart = check.object(body, 'cart');
  const vendorId = check.id(cart.id, 'cart.id', isSafeVendorId);
  const customer = check
    .optionalArray(cart.relatedParty, 'cart.relatedParty')
    .map((p, i) => check.object(p, `cart.relatedParty[${i}]`))
    .find((p) => p.role === 'customer');
  if (!customer) check.fail('cart.relatedParty', 'a party with role customer');
  const validation = cart.validation ? check.object(cart.validation, 'cart.validation') : {};
  const orderVendorId = cart.orderId === undefined || cart.orderId === null ? null : check.id(cart.orderId, 'cart.orderId', isSafeVendorId);
  return {
    id: encodeId(ATT.id, 'Cart', vendorId),
    vendorId,
    vendor: ATT.id,
    customerId: check.string(customer.id, 'cart.relatedParty.customer.id'),
    state: cart.state === undefined ? OrderState.DRAFT : state(check, cart.state, 'cart.state'),
    vendorStatus: check.optionalString(cart.state, 'cart.state'),
    items: check.optionalArray(cart.productOrderItem, 'cart.productOrderItem').map((raw, i) => cartItem(check, vendorId, raw, `cart.productOrderItem[${i}]`)),
    totals: totalsFrom(check, cart.orderTotalPrice, 'cart.orderTotalPrice'),
    validationMessages: check.optionalArray(validation.messages, 'cart.validation.messages').map((raw, i) => {
      const m = check.object(raw, `cart.validation.messages[${i}]`);
      return {
        code: 'VENDOR_VALIDATION',
        message: check.optionalString(m.message, `cart.validation.messages[${i}].message`) ?? 'The vendor flagged the cart',
        vendorCode: check.optionalString(m.code, `cart.validation.messages[${i}].code`),
        field: null,
      };
    }),
    coupons: [],
    dynamicProperties: [],
    createdAt: check.date(cart.creationDate, 'cart.creationDate'),
    orderVendorId,
  };
}

/**
 * The checkout answer as CheckoutOptions. The docs name the parts (README §1.1: fulfillmentOptions, appointmentDates,
 * terms and conditions, validation status) but not their inner fields, so each entry is read on its own: one of an
 * unexpected shape is dropped with a warning and the rest kept.
 */
export function mapCheckout(check: ShapeChecker, body: unknown): CheckoutOptions {
  const c = check.object(body, 'checkout');
  const validation = tolerant(check, 'checkout.validation', () => (c.validation ? check.object(c.validation, 'checkout.validation') : {})) ?? {};
  const list = (value: unknown, path: string): unknown[] => tolerant(check, path, () => check.optionalArray(value, path)) ?? [];
  return {
    fulfillmentOptions: tolerantList(check, list(c.fulfillmentOptions, 'checkout.fulfillmentOptions'), 'checkout.fulfillmentOptions', (raw, at) => {
      const o = check.object(raw, at);
      const price = tolerant(check, `${at}.price`, () => (o.price ? check.object(o.price, `${at}.price`) : {})) ?? {};
      return {
        id: check.id(o.id, `${at}.id`, isSafeVendorId),
        method: check.string(o.fulfillmentMethod, `${at}.fulfillmentMethod`),
        name: tolerant(check, `${at}.name`, () => check.optionalString(o.name, `${at}.name`)),
        estimatedDeliveryDate: tolerant(check, `${at}.estimatedDeliveryDate`, () =>
          check.optionalString(o.estimatedDeliveryDate, `${at}.estimatedDeliveryDate`),
        ),
        price: tolerant(check, `${at}.price.dutyFreeAmount`, () => tmfMoney(check, price.dutyFreeAmount, `${at}.price.dutyFreeAmount`)),
      };
    }),
    appointmentSlots: tolerantList(check, list(c.appointmentDates, 'checkout.appointmentDates'), 'checkout.appointmentDates', (raw, at) => {
      const s = check.object(raw, at);
      const start = check.date(s.startDateTime, `${at}.startDateTime`);
      const end = check.date(s.endDateTime, `${at}.endDateTime`);
      if (!start || !end) check.fail(at, 'start and end');
      return { id: check.id(s.id, `${at}.id`, isSafeVendorId), start, end };
    }),
    terms: tolerantList(check, list(c.termsAndConditions, 'checkout.termsAndConditions'), 'checkout.termsAndConditions', (raw, at) => {
      const t = check.object(raw, at);
      return {
        key: check.string(t.key, `${at}.key`),
        title: tolerant(check, `${at}.title`, () => check.optionalString(t.title, `${at}.title`)),
        required: t.required === true,
      };
    }),
    valid: validation.status === undefined || validation.status === 'valid',
    messages: tolerantList(check, list(validation.messages, 'checkout.validation.messages'), 'checkout.validation.messages', (raw, at) => {
      const m = check.object(raw, at);
      return {
        code: 'VENDOR_VALIDATION',
        message: typeof m.message === 'string' ? m.message : 'The vendor flagged the cart',
        vendorCode: typeof m.code === 'string' ? m.code : null,
        field: null,
      };
    }),
  };
}

function pollAfter(s: OrderState): number | null {
  return FINAL_STATES.has(s) ? null : (ATT_POLL_AFTER[s] ?? 300);
}

/** The express-submit acknowledgement plus the cart it came from, as a ProductOrder (no extra read needed). */
export function mapSubmitted(check: ShapeChecker, body: unknown, cart: Cart, input: CartSubmitInput): ProductOrder {
  const r = check.object(body, 'submit');
  // What makes an answer an acknowledgement of a placement: the order id, a string, and its state (seed 000 lists
  // both). Without them the answer may be about anything, and the submit's outcome is unknown. The rest is optional.
  if (typeof r.id !== 'string') check.fail('submit.id', 'a string id');
  const vendorId = check.id(r.id, 'submit.id', isSafeVendorId);
  const s = state(check, r.state, 'submit.state');
  return {
    id: encodeId(ATT.id, 'ProductOrder', vendorId),
    vendorId,
    vendor: ATT.id,
    customerId: cart.customerId,
    state: s,
    vendorStatus: typeof r.state === 'string' ? r.state : null,
    customerOrderId: tolerant(check, 'submit.customerOrderId', () => check.optionalString(r.customerOrderId, 'submit.customerOrderId')),
    externalReferenceId: null,
    orderType: 'NEW',
    items: cart.items.map((item) => ({
      id: item.vendorId,
      action: item.action,
      offeringId: item.offeringId,
      name: item.name,
      quantity: item.quantity,
      state: s,
      vendorStatus: typeof r.state === 'string' ? r.state : null,
      subscriptionId: null,
      unitPrice: item.unitPrice,
      totalPrice: item.totalPrice,
    })),
    payments: (input.payments ?? []).map((p) => ({
      method: p.method,
      amount: null,
      status: null,
      card: p.method === PaymentMethod.CARD ? { brand: p.cardBrand ?? null, last4: p.cardLast4 ?? null } : null,
      autoPay: input.autoPay ?? null,
      paperless: input.paperless ?? null,
    })),
    totals: cart.totals,
    dynamicProperties: [],
    submittedAt: tolerant(check, 'submit.submissionDate', () => check.date(r.submissionDate, 'submit.submissionDate')) ?? new Date(),
    pollAfter: pollAfter(s),
    cartVendorId: cart.vendorId,
    referenceOrderVendorId: null,
  };
}

/**
 * The fields asked of each order in the orders query: only ones the docs list (README §1.1), since a GraphQL server
 * refuses a document naming a field it does not have. Items, payments and prices come from the submit record.
 */
export const ORDER_FIELDS = 'id orderId orderDate orderStatus { status } accounts { accountNumber } orderPrice { total }';

/** The currency of `orderPrice.total`, which the docs do not give [I]. */
const ORDER_TOTAL_CURRENCY = 'USD';

/**
 * One order of the orders query as a ProductOrder. `submitted` is this subgraph's record of the order when it placed
 * it (items, payments, totals); the query adds the current state. Only `id` is an identity field: anything else of
 * an unexpected shape is dropped with a warning.
 */
export function mapQueriedOrder(check: ShapeChecker, raw: unknown, path: string, submitted: ProductOrder | null = null): ProductOrder {
  const o = check.object(raw, path);
  const vendorId = check.id(o.id, `${path}.id`, isSafeVendorId);
  const rawStatus = tolerant(check, `${path}.orderStatus.status`, () =>
    check.string(check.object(o.orderStatus, `${path}.orderStatus`).status, `${path}.orderStatus.status`),
  );
  const s = rawStatus === null ? (submitted?.state ?? OrderState.PENDING) : state(check, rawStatus, `${path}.orderStatus.status`);
  const account = tolerant(check, `${path}.accounts`, () => {
    const first = check.optionalArray(o.accounts, `${path}.accounts`)[0];
    return first === undefined ? null : check.optionalString(check.object(first, `${path}.accounts[0]`).accountNumber, `${path}.accounts[0].accountNumber`);
  });
  const total = tolerant(check, `${path}.orderPrice.total`, () => {
    if (o.orderPrice === undefined || o.orderPrice === null) return null;
    const value = check.object(o.orderPrice, `${path}.orderPrice`).total;
    const m = value === undefined || value === null ? null : money(value, ORDER_TOTAL_CURRENCY);
    if (value !== undefined && value !== null && !m) check.fail(`${path}.orderPrice.total`, 'an amount');
    return m;
  });
  const base: ProductOrder = submitted ?? {
    id: encodeId(ATT.id, 'ProductOrder', vendorId),
    vendorId,
    vendor: ATT.id,
    customerId: account,
    state: s,
    vendorStatus: rawStatus,
    customerOrderId: null,
    externalReferenceId: null,
    orderType: 'NEW',
    items: [],
    payments: [],
    totals: { oneTime: null, recurring: [], subtotal: null, tax: null, shipping: null, discount: null, total },
    dynamicProperties: [],
    submittedAt: null,
    pollAfter: null,
    cartVendorId: null,
    referenceOrderVendorId: null,
  };
  return {
    ...base,
    state: s,
    vendorStatus: rawStatus ?? base.vendorStatus,
    customerOrderId: tolerant(check, `${path}.orderId`, () => check.optionalString(o.orderId, `${path}.orderId`)) ?? base.customerOrderId,
    submittedAt: tolerant(check, `${path}.orderDate`, () => check.date(o.orderDate, `${path}.orderDate`)) ?? base.submittedAt,
    items: base.items.map((item) => ({ ...item, state: s, vendorStatus: rawStatus ?? item.vendorStatus })),
    pollAfter: pollAfter(s),
  };
}
