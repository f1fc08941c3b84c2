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
import { OrderItem } from '../../order/order-item.type';
import { ProductOrder } from '../../order/product-order.type';
import { Payment, PaymentMethod } from '../../payment/payment.type';
import { ShapeChecker, wireText } from '../shape';
import { ATT_POLL_AFTER, attState } from './att.states';
import { AttCartItemRequest, AttExpressSubmitRequest, AttItemAction } from './att.wire';

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
export function toAttItem(item: CartItemInput): AttCartItemRequest {
  const out: AttCartItemRequest = { action: ACTIONS_OUT[item.action], quantity: item.quantity };
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

function state(check: ShapeChecker, value: unknown, path: string): OrderState {
  const raw = check.string(value, path);
  const mapped = attState(raw);
  if (!mapped) check.fail(path, `a known AT&T state (got ${raw.slice(0, 40)})`);
  return mapped;
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

/** The checkout answer as CheckoutOptions. */
export function mapCheckout(check: ShapeChecker, body: unknown): CheckoutOptions {
  const c = check.object(body, 'checkout');
  const validation = c.validation ? check.object(c.validation, 'checkout.validation') : {};
  return {
    fulfillmentOptions: check.optionalArray(c.fulfillmentOptions, 'checkout.fulfillmentOptions').map((raw, i) => {
      const o = check.object(raw, `checkout.fulfillmentOptions[${i}]`);
      const price = o.price ? check.object(o.price, `checkout.fulfillmentOptions[${i}].price`) : {};
      return {
        id: check.id(o.id, `checkout.fulfillmentOptions[${i}].id`, isSafeVendorId),
        method: check.string(o.fulfillmentMethod, `checkout.fulfillmentOptions[${i}].fulfillmentMethod`),
        name: check.optionalString(o.name, `checkout.fulfillmentOptions[${i}].name`),
        estimatedDeliveryDate: check.optionalString(o.estimatedDeliveryDate, `checkout.fulfillmentOptions[${i}].estimatedDeliveryDate`),
        price: tmfMoney(check, price.dutyFreeAmount, `checkout.fulfillmentOptions[${i}].price.dutyFreeAmount`),
      };
    }),
    appointmentSlots: check.optionalArray(c.appointmentDates, 'checkout.appointmentDates').map((raw, i) => {
      const s = check.object(raw, `checkout.appointmentDates[${i}]`);
      const start = check.date(s.startDateTime, `checkout.appointmentDates[${i}].startDateTime`);
      const end = check.date(s.endDateTime, `checkout.appointmentDates[${i}].endDateTime`);
      if (!start || !end) check.fail(`checkout.appointmentDates[${i}]`, 'start and end');
      return { id: check.id(s.id, `checkout.appointmentDates[${i}].id`, isSafeVendorId), start, end };
    }),
    terms: check.optionalArray(c.termsAndConditions, 'checkout.termsAndConditions').map((raw, i) => {
      const t = check.object(raw, `checkout.termsAndConditions[${i}]`);
      return {
        key: check.string(t.key, `checkout.termsAndConditions[${i}].key`),
        title: check.optionalString(t.title, `checkout.termsAndConditions[${i}].title`),
        required: t.required === true,
      };
    }),
    valid: validation.status === undefined || validation.status === 'valid',
    messages: check.optionalArray(validation.messages, 'checkout.validation.messages').map((raw, i) => {
      const m = check.object(raw, `checkout.validation.messages[${i}]`);
      return {
        code: 'VENDOR_VALIDATION',
        message: wireText(m.message ?? 'The vendor flagged the cart'),
        vendorCode: check.optionalString(m.code, 'code'),
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
  const vendorId = check.id(r.id, 'submit.id', isSafeVendorId);
  const s = state(check, r.state, 'submit.state');
  return {
    id: encodeId(ATT.id, 'ProductOrder', vendorId),
    vendorId,
    vendor: ATT.id,
    customerId: cart.customerId,
    state: s,
    vendorStatus: String(r.state),
    customerOrderId: check.string(r.customerOrderId, 'submit.customerOrderId'),
    externalReferenceId: null,
    orderType: 'NEW',
    items: cart.items.map((item) => ({
      id: item.vendorId,
      action: item.action,
      offeringId: item.offeringId,
      name: item.name,
      quantity: item.quantity,
      state: s,
      vendorStatus: String(r.state),
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
    submittedAt: check.date(r.submissionDate, 'submit.submissionDate'),
    pollAfter: pollAfter(s),
    cartVendorId: cart.vendorId,
    referenceOrderVendorId: null,
  };
}

/** The fields asked of each order in the orders query. */
export const ORDER_FIELDS = `id orderId orderDate orderStatus { status } accounts { accountNumber }
  products { id name productOfferingId quantity action productStatus { status } price { oneTime monthly currency } }
  payments { type brand last4 autoPay paperless } orderPrice { total oneTimeTotal monthlyTotal currency } cartId`;

const PAYMENT_TYPES: Record<string, PaymentMethod> = {
  card: PaymentMethod.CARD,
  paymentprofile: PaymentMethod.PAYMENT_PROFILE,
  bank: PaymentMethod.BANK,
};

/** One order of the orders query as a ProductOrder. */
export function mapQueriedOrder(check: ShapeChecker, raw: unknown, path: string): ProductOrder {
  const o = check.object(raw, path);
  const vendorId = check.id(o.id, `${path}.id`, isSafeVendorId);
  const status = check.object(o.orderStatus, `${path}.orderStatus`);
  const s = state(check, status.status, `${path}.orderStatus.status`);
  const account = check.optionalArray(o.accounts, `${path}.accounts`).map((a, i) => check.object(a, `${path}.accounts[${i}]`))[0];
  const price = o.orderPrice ? check.object(o.orderPrice, `${path}.orderPrice`) : {};
  const currency = typeof price.currency === 'string' ? price.currency : 'USD';
  const monthly = money(price.monthlyTotal, currency);
  const oneTime = money(price.oneTimeTotal ?? price.total, currency);
  const items: OrderItem[] = check.optionalArray(o.products, `${path}.products`).map((rawItem, i) => {
    const p = check.object(rawItem, `${path}.products[${i}]`);
    const itemStatus = p.productStatus ? check.object(p.productStatus, `${path}.products[${i}].productStatus`) : {};
    const itemPrice = p.price ? check.object(p.price, `${path}.products[${i}].price`) : {};
    const itemCurrency = typeof itemPrice.currency === 'string' ? itemPrice.currency : currency;
    const rawState = check.optionalString(itemStatus.status, `${path}.products[${i}].productStatus.status`);
    const recurringAmount = money(itemPrice.monthly, itemCurrency);
    return {
      id: check.string(p.id, `${path}.products[${i}].id`),
      action: ACTIONS_IN[wireText(p.action ?? 'add').toLowerCase()] ?? CartItemAction.ADD,
      offeringId: check.optionalString(p.productOfferingId, `${path}.products[${i}].productOfferingId`),
      name: check.optionalString(p.name, `${path}.products[${i}].name`),
      quantity: check.integer(p.quantity, `${path}.products[${i}].quantity`, 1),
      state: rawState ? (attState(rawState) ?? null) : null,
      vendorStatus: rawState,
      subscriptionId: null,
      unitPrice: {
        oneTime: money(itemPrice.oneTime, itemCurrency),
        recurring: recurringAmount ? { amount: recurringAmount, period: chargePeriod('month') } : null,
      },
      totalPrice: null,
    };
  });
  const payments: Payment[] = check.optionalArray(o.payments, `${path}.payments`).map((rawPay, i) => {
    const p = check.object(rawPay, `${path}.payments[${i}]`);
    const method = PAYMENT_TYPES[wireText(p.type ?? '').toLowerCase()] ?? PaymentMethod.PAYMENT_PROFILE;
    const last4 = check.optionalString(p.last4, `${path}.payments[${i}].last4`);
    return {
      method,
      amount: null,
      status: null,
      card: method === PaymentMethod.CARD ? { brand: check.optionalString(p.brand, 'brand'), last4: last4 && /^\d{4}$/.test(last4) ? last4 : null } : null,
      autoPay: typeof p.autoPay === 'boolean' ? p.autoPay : null,
      paperless: typeof p.paperless === 'boolean' ? p.paperless : null,
    };
  });
  const cartId = check.optionalString(o.cartId, `${path}.cartId`);
  return {
    id: encodeId(ATT.id, 'ProductOrder', vendorId),
    vendorId,
    vendor: ATT.id,
    customerId: account ? check.optionalString(account.accountNumber, `${path}.accounts[0].accountNumber`) : null,
    state: s,
    vendorStatus: String(status.status),
    customerOrderId: check.optionalString(o.orderId, `${path}.orderId`),
    externalReferenceId: null,
    orderType: 'NEW',
    items,
    payments,
    totals: {
      oneTime,
      recurring: monthly ? [{ amount: monthly, period: chargePeriod('month') }] : [],
      subtotal: oneTime,
      tax: null,
      shipping: null,
      discount: null,
      total: oneTime ?? money(price.total, currency),
    },
    dynamicProperties: [],
    submittedAt: check.date(o.orderDate, `${path}.orderDate`),
    pollAfter: pollAfter(s),
    cartVendorId: cartId && isSafeVendorId(cartId) ? cartId : null,
    referenceOrderVendorId: null,
  };
}
