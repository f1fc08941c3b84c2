import { ORACLE } from './oracle.vendor';
import { addMoney, money, multiplyDecimal } from '../../common/money';
import { ChargePeriod, Money, RecurringCharge, Totals } from '../../common/money.type';
import { NameValue, NameValueInput } from '../../common/name-value.type';
import { FINAL_STATES, OrderState } from '../../common/order-state';
import { encodeId, isSafeVendorId, cartItemId } from '../../common/ids';
import { Address, AddressInput } from '../../common/address.type';
import { containsCardNumber } from '../../common/validation/card-number';
import { UserErrorCode } from '../../common/user-error.type';
import { Cart } from '../../cart/cart.type';
import { CartItem, CartItemAction } from '../../cart/cart-item.type';
import { Coupon } from '../../cart/coupon.type';
import { CartItemInput, CartSubmitInput } from '../../cart/cart.input';
import { OrderItem } from '../../order/order-item.type';
import { ProductOrder } from '../../order/product-order.type';
import { Payment, PaymentMethod } from '../../payment/payment.type';
import { ShapeChecker, wireText } from '../shape';
import { VendorRefusal } from '../vendor-adapter';
import { ORACLE_POLL_AFTER, oracleState } from './oracle.states';
import { dropPart, reportDroppedPart, tolerant, tolerantList } from '../shared/tolerant';
import { OracleAddress, OracleItemRequest, OracleOrderChanges, OraclePaymentRequest, RESERVED_ORDER_KEYS } from './oracle.wire';

/** The item characteristic that names the SKU: Oracle orders a product (`offeringId`) in one of its SKUs. */
export const SKU_CHARACTERISTIC = 'catRefId';
const SKU_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;

/** A refusal of the caller's input before any vendor call: something Oracle cannot take. */
function refuse(code: UserErrorCode, message: string, field: string[]): never {
  throw new VendorRefusal([{ code, message, field, vendorCode: null }]);
}

function shopperInputOut(list: NameValueInput[] | undefined, path: string[]): Record<string, string> | undefined {
  if (!list?.length) return undefined;
  const out: Record<string, string> = {};
  list.forEach(({ name, value }, i) => {
    if (name in out) refuse(UserErrorCode.INVALID_FIELD, 'Each shopper input name may appear once', [...path, String(i), 'name']);
    // The value would be stored at Oracle and shown back: a card number must never get there.
    if (containsCardNumber(value)) refuse(UserErrorCode.INVALID_FIELD, 'Shopper input must not contain a card number', [...path, String(i), 'value']);
    out[name] = value;
  });
  return out;
}

/**
 * A graph item input as an Oracle commerce item: `offeringId` is Oracle's productId, the SKU travels as the
 * `catRefId` characteristic, shopper input and children map to `shopperInput` and `childItems`. Oracle carts only
 * add items, and line fields of other vendors have no Oracle meaning: both are refused rather than dropped.
 */
export function toOracleItem(item: CartItemInput, path: string[]): OracleItemRequest {
  if (item.action !== CartItemAction.ADD) refuse(UserErrorCode.INVALID_FIELD, 'Oracle carts only add items', [...path, 'action']);
  if (!item.offeringId) refuse(UserErrorCode.INVALID_FIELD, 'offeringId (the Oracle productId) is required', [...path, 'offeringId']);
  const unsupported: [keyof CartItemInput, string][] = [
    ['productId', 'productId'],
    ['billingAccountId', 'billingAccountId'],
    ['currencyCode', 'currencyCode'],
    ['lineNumber', 'lineNumber'],
    ['deploymentId', 'deploymentId'],
    ['discountCode', 'discountCode'],
  ];
  for (const [key, field] of unsupported) {
    if (item[key] !== undefined && item[key] !== null) refuse(UserErrorCode.INVALID_FIELD, `Oracle items take no ${field}`, [...path, field]);
  }
  const out: OracleItemRequest = { productId: item.offeringId, quantity: item.quantity };
  (item.characteristics ?? []).forEach((c, j) => {
    if (c.name !== SKU_CHARACTERISTIC)
      refuse(UserErrorCode.INVALID_FIELD, 'Oracle items take only the catRefId characteristic (the SKU)', [...path, 'characteristics', String(j)]);
    if (!SKU_ID.test(c.value))
      refuse(UserErrorCode.INVALID_FIELD, 'catRefId must be 1-64 letters, digits, _, ., : or -', [...path, 'characteristics', String(j), 'value']);
    out.catRefId = c.value;
  });
  const shopperInput = shopperInputOut(item.shopperInput, [...path, 'shopperInput']);
  if (shopperInput) out.shopperInput = shopperInput;
  if (item.children?.length) out.childItems = item.children.map((child, j) => toOracleItem(child, [...path, 'children', String(j)]));
  return out;
}

function itemRequest(check: ShapeChecker, raw: unknown, path: string): OracleItemRequest {
  const it = check.object(raw, path);
  const out: OracleItemRequest = {
    commerceItemId: check.id(it.commerceItemId, `${path}.commerceItemId`, isSafeVendorId),
    productId: check.string(it.productId, `${path}.productId`),
    quantity: check.integer(it.quantity, `${path}.quantity`),
  };
  const sku = check.optionalString(it.catRefId, `${path}.catRefId`);
  if (sku) out.catRefId = sku;
  const input = it.shopperInput === undefined || it.shopperInput === null ? {} : check.object(it.shopperInput, `${path}.shopperInput`);
  if (Object.keys(input).length > 0) out.shopperInput = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)]));
  const children = check.optionalArray(it.childItems, `${path}.childItems`);
  if (children.length > 0) out.childItems = children.map((c, i) => itemRequest(check, c, `${path}.childItems[${i}]`));
  return out;
}

/**
 * The order's current items as request items, ids kept, so that a `PUT` replacing the item list keeps every
 * existing item as it is [I: Oracle's update replaces `shoppingCart.items`; items are matched by commerceItemId].
 */
export function currentItems(check: ShapeChecker, body: unknown): OracleItemRequest[] {
  const o = check.object(body, 'order');
  const cart = o.shoppingCart === undefined || o.shoppingCart === null ? {} : check.object(o.shoppingCart, 'order.shoppingCart');
  return check.optionalArray(cart.items, 'order.shoppingCart.items').map((raw, i) => itemRequest(check, raw, `order.shoppingCart.items[${i}]`));
}

/** Items without the ones named, at any depth; `removed` collects the ids found. */
export function withoutItems(items: OracleItemRequest[], ids: ReadonlySet<string>, removed: Set<string> = new Set()): OracleItemRequest[] {
  return items
    .filter((item) => {
      if (item.commerceItemId && ids.has(item.commerceItemId)) {
        removed.add(item.commerceItemId);
        return false;
      }
      return true;
    })
    .map((item) => (item.childItems ? { ...item, childItems: withoutItems(item.childItems, ids, removed) } : item));
}

export function toOracleAddress(a: AddressInput): OracleAddress {
  const out: OracleAddress = { address1: a.line1, city: a.city, postalCode: a.postalCode, country: a.country };
  if (a.firstName) out.firstName = a.firstName;
  if (a.lastName) out.lastName = a.lastName;
  if (a.line2) out.address2 = a.line2;
  if (a.state) out.state = a.state;
  return out;
}

/**
 * Payments as Oracle payment groups. Cards go as a vault token with brand and last four, gift cards as a token:
 * numbers, security codes and PINs never leave this subgraph. Oracle has no stored profiles or bank accounts here.
 */
export function toOraclePayments(input: CartSubmitInput): OraclePaymentRequest[] | undefined {
  if (!input.payments?.length) return undefined;
  return input.payments.map((p, i) => {
    const path = ['input', 'payments', String(i)];
    const amount = p.amount === undefined || p.amount === null ? {} : { amount: Number(p.amount) };
    switch (p.method) {
      case PaymentMethod.CARD:
        if (!p.cardToken) refuse(UserErrorCode.INVALID_FIELD, 'A card payment needs cardToken', [...path, 'cardToken']);
        if (!p.cardBrand) refuse(UserErrorCode.INVALID_FIELD, 'A card payment needs cardBrand', [...path, 'cardBrand']);
        // Documented card fields (README §3); no doc shows a token field, so the vault token and last four go in the
        // documented customProperties object. Never a card number or security code.
        return {
          type: 'card' as const,
          cardType: p.cardBrand,
          ...(p.nameOnCard ? { nameOnCard: p.nameOnCard } : {}),
          ...(p.cardExpiryMonth ? { endMonth: p.cardExpiryMonth } : {}),
          ...(p.cardExpiryYear ? { endYear: p.cardExpiryYear } : {}),
          customProperties: { cardToken: p.cardToken, ...(p.cardLast4 ? { lastFour: p.cardLast4 } : {}) },
          ...amount,
        };
      case PaymentMethod.INVOICE:
        return { type: 'invoice' as const, ...(p.purchaseOrderNumber ? { PONumber: p.purchaseOrderNumber } : {}), ...amount };
      case PaymentMethod.GIFT_CARD:
        if (!p.giftCardToken) refuse(UserErrorCode.INVALID_FIELD, 'A gift card payment needs giftCardToken', [...path, 'giftCardToken']);
        return { type: 'physicalGiftCard' as const, customProperties: { giftCardToken: p.giftCardToken }, ...amount };
      default:
        return refuse(UserErrorCode.INVALID_FIELD, 'Oracle takes CARD, INVOICE and GIFT_CARD payments', [...path, 'method']);
    }
  });
}

/** Dynamic properties as the flat top-level keys Oracle takes [C]; names that would overwrite a request member are refused. */
export function toDynamicProperties(list: NameValueInput[] | undefined, path: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  (list ?? []).forEach(({ name, value }, i) => {
    if (RESERVED_ORDER_KEYS.has(name) || name in out)
      refuse(UserErrorCode.INVALID_FIELD, 'Not a dynamic property name this cart can take', [...path, String(i), 'name']);
    if (containsCardNumber(value)) refuse(UserErrorCode.INVALID_FIELD, 'Dynamic properties must not contain a card number', [...path, String(i), 'value']);
    out[name] = value;
  });
  return out;
}

/**
 * The order changes a submit or pre-authorization carries (addresses, shipping method, coupons added to the cart's
 * own, dynamic properties) as an update body, with the argument path of each coupon; null when there are none.
 */
export function toSubmitChanges(input: CartSubmitInput, cart: Cart): { changes: OracleOrderChanges; couponField: (i: number) => string[] | null } | null {
  const changes: OracleOrderChanges = { ...toDynamicProperties(input.dynamicProperties, ['input', 'dynamicProperties']) };
  if (input.shippingAddress) changes.shippingAddress = toOracleAddress(input.shippingAddress);
  if (input.billingAddress) changes.billingAddress = toOracleAddress(input.billingAddress);
  if (input.shippingMethod) changes.shippingMethod = { value: input.shippingMethod };
  const merged = mergeCoupons(cart, input.couponCodes ?? [], ['input', 'couponCodes']);
  if (merged.added > 0) changes.shoppingCart = { coupons: merged.codes.map((code) => ({ code })) };
  return Object.keys(changes).length === 0 ? null : { changes, couponField: merged.field };
}

/** The cart's coupons followed by the new codes not already on it, and the argument path of each list entry. */
export function mergeCoupons(cart: Cart, codes: string[], path: string[]): { codes: string[]; added: number; field: (i: number) => string[] | null } {
  const list = cart.coupons.map((c) => c.code);
  const fields: (string[] | null)[] = list.map(() => null);
  const seen = new Set(list.map((c) => c.toUpperCase()));
  codes.forEach((code, i) => {
    if (seen.has(code.toUpperCase())) return;
    seen.add(code.toUpperCase());
    list.push(code);
    fields.push([...path, String(i)]);
  });
  return { codes: list, added: list.length - cart.coupons.length, field: (i) => fields[i] ?? null };
}

/* ---------------------------------------------------------------- responses */

const FREQUENCIES: Record<string, ChargePeriod> = {
  monthly: ChargePeriod.MONTH,
  month: ChargePeriod.MONTH,
  yearly: ChargePeriod.YEAR,
  annually: ChargePeriod.YEAR,
  annual: ChargePeriod.YEAR,
  year: ChargePeriod.YEAR,
};

/** The graph's period of an Oracle frequency (Monthly when absent), or undefined for another frequency. */
function periodOf(value: unknown): ChargePeriod | undefined {
  return FREQUENCIES[(value === undefined || value === null ? 'Monthly' : wireText(value)).toLowerCase()];
}

function period(check: ShapeChecker, value: unknown, path: string): ChargePeriod {
  const found = periodOf(value);
  // The graph's periods are month and year; another frequency would be shown wrong, so it is not shown at all.
  if (!found) check.fail(path, `a monthly or yearly frequency (got ${(value === undefined || value === null ? 'Monthly' : wireText(value)).slice(0, 20)})`);
  return found;
}

function amountOf(check: ShapeChecker, value: unknown, currency: string | null, path: string): Money | null {
  if (value === undefined || value === null || value === '' || currency === null) return null;
  const m = money(value, currency);
  if (!m) check.fail(path, 'an amount');
  return m;
}

/**
 * An optional amount at `base + key`, read tolerantly: what `tolerant(check, path, () => amountOf(…, path))` gives,
 * with the path and the closure made only for an amount that fails.
 */
function optionalAmount(check: ShapeChecker, value: unknown, currency: string | null, base: string, key: string): Money | null {
  if (value === undefined || value === null || value === '' || currency === null) return null;
  return money(value, currency) ?? tolerant(check, base + key, () => amountOf(check, value, currency, base + key));
}

/** An amount as a positive figure: Oracle gives adjustments as negative numbers [I]. */
function positive(m: Money | null): Money | null {
  return m && m.amount.startsWith('-') ? { ...m, amount: m.amount.slice(1) } : m;
}

/** Exact multiple of an amount (no floating point). */
export function timesMoney(m: Money, factor: number): Money {
  const exact = multiplyDecimal(m.amount, factor);
  if (exact !== null) return { amount: exact, currencyCode: m.currencyCode };
  const negative = m.amount.startsWith('-');
  const [whole, fraction = ''] = m.amount.replace('-', '').split('.');
  const digits = Math.max(fraction.length, 2);
  const scaled = BigInt(whole + fraction.padEnd(digits, '0')) * BigInt(factor);
  const text = scaled.toString().padStart(digits + 1, '0');
  return { amount: `${negative && scaled !== 0n ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`, currencyCode: m.currencyCode };
}

function sumRecurring(list: RecurringCharge[], add: RecurringCharge): void {
  const same = list.find((r) => r.period === add.period);
  if (same) same.amount = addMoney(same.amount, add.amount)!;
  else list.push({ ...add });
}

/** An item's recurring unit charge (`externalRecurringCharge` and its frequency), read tolerantly as one part. */
function unitRecurringCharge(check: ShapeChecker, it: Record<string, unknown>, currency: string | null, path: string): RecurringCharge | null {
  const value = it.externalRecurringCharge;
  if (value === undefined || value === null || value === '' || currency === null) return null;
  const amount = money(value, currency);
  const found = amount ? periodOf(it.externalRecurringChargeFrequency) : undefined;
  if (amount && found) return { amount, period: found };
  // A bad amount or frequency: read again the checked way, which names the part and drops it.
  return tolerant(check, `${path}.externalRecurringCharge`, () => {
    const monthlyUnit = amountOf(check, value, currency, `${path}.externalRecurringCharge`);
    return monthlyUnit ? { amount: monthlyUnit, period: period(check, it.externalRecurringChargeFrequency, `${path}.externalRecurringChargeFrequency`) } : null;
  });
}

/** Shopper input as name/value pairs: objects as their JSON text, scalars as text. */
function nameValues(input: Record<string, unknown>): NameValue[] {
  const out: NameValue[] = [];
  for (const name of Object.keys(input)) {
    const value = input[name];
    out.push({ name, value: typeof value === 'object' ? JSON.stringify(value) : wireText(value) });
  }
  return out;
}

function cartItem(check: ShapeChecker, cartId: string, currency: string | null, raw: unknown, path: string, recurring: RecurringCharge[]): CartItem {
  const it = check.object(raw, path);
  // Identity and what a later update sends back: read strictly. Prices, name and shopper input are optional parts.
  const itemId = check.idAt(it.commerceItemId, path, '.commerceItemId', isSafeVendorId);
  const quantity = check.integerAt(it.quantity, path, '.quantity');
  const unit = optionalAmount(check, it.listPrice, currency, path, '.listPrice');
  const line = optionalAmount(check, it.rawTotalPrice, currency, path, '.rawTotalPrice') ?? (unit ? timesMoney(unit, quantity) : null);
  const unitRecurring = unitRecurringCharge(check, it, currency, path);
  const lineRecurring = unitRecurring ? { amount: timesMoney(unitRecurring.amount, quantity), period: unitRecurring.period } : null;
  if (lineRecurring) sumRecurring(recurring, lineRecurring);
  const rawInput = it.shopperInput;
  const input =
    (rawInput === undefined || rawInput === null
      ? {}
      : typeof rawInput === 'object' && !Array.isArray(rawInput)
        ? (rawInput as Record<string, unknown>)
        : tolerant(check, `${path}.shopperInput`, () => check.object(rawInput, `${path}.shopperInput`))) ?? {};
  const sku = check.optionalStringAt(it.catRefId, path, '.catRefId');
  const offeringId = check.stringAt(it.productId, path, '.productId');
  const displayName = it.displayName;
  const name =
    displayName === undefined || displayName === null || displayName === '' || typeof displayName === 'string' || typeof displayName === 'number'
      ? check.optionalStringAt(displayName, path, '.displayName')
      : tolerant(check, `${path}.displayName`, () => check.optionalString(displayName, `${path}.displayName`));
  const shopperInput = nameValues(input);
  const rawChildren = check.optionalArrayAt(it.childItems, path, '.childItems');
  const children: CartItem[] = [];
  for (let i = 0; i < rawChildren.length; i++) children.push(cartItem(check, cartId, currency, rawChildren[i], `${path}.childItems[${i}]`, recurring));
  return {
    id: cartItemId(ORACLE.id, cartId, itemId),
    vendorId: itemId,
    action: CartItemAction.ADD,
    offeringId,
    name,
    productType: null,
    productId: null,
    quantity,
    unitPrice: { oneTime: unit, recurring: unitRecurring },
    totalPrice: { oneTime: line, recurring: lineRecurring },
    shopperInput,
    characteristics: sku ? [{ name: SKU_CHARACTERISTIC, value: sku }] : [],
    children,
  };
}

function empty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function address(check: ShapeChecker, raw: unknown, path: string): Address | null {
  if (raw === undefined || raw === null) return null;
  const a = check.objectAt(raw, path, '');
  if (empty(a.address1) && empty(a.city) && empty(a.postalCode) && empty(a.country)) return null;
  return {
    firstName: check.optionalStringAt(a.firstName, path, '.firstName'),
    lastName: check.optionalStringAt(a.lastName, path, '.lastName'),
    line1: check.stringAt(a.address1, path, '.address1'),
    line2: check.optionalStringAt(a.address2, path, '.address2'),
    city: check.stringAt(a.city, path, '.city'),
    state: check.optionalStringAt(a.state, path, '.state'),
    postalCode: check.stringAt(typeof a.postalCode === 'number' ? String(a.postalCode) : a.postalCode, path, '.postalCode'),
    country: check.stringAt(a.country, path, '.country'),
  };
}

const PAYMENT_TYPES: Record<string, PaymentMethod> = {
  card: PaymentMethod.CARD,
  creditcard: PaymentMethod.CARD,
  invoice: PaymentMethod.INVOICE,
  physicalgiftcard: PaymentMethod.GIFT_CARD,
  giftcard: PaymentMethod.GIFT_CARD,
};

/** Last four digits only: from `lastFour`, or from the end of a masked number that shows no more than four digits. */
function lastFour(check: ShapeChecker, p: Record<string, unknown>, path: string): string | null {
  const direct = check.optionalString(p.lastFour, `${path}.lastFour`);
  if (direct && /^\d{4}$/.test(direct)) return direct;
  const masked = check.optionalString(p.maskedCardNumber, `${path}.maskedCardNumber`);
  if (masked && /\d{4}$/.test(masked) && (masked.match(/\d/g) ?? []).length === 4) return masked.slice(-4);
  return null;
}

/** One payment group. Only the card brand and last four are kept; nothing else of a card is read. */
function payment(check: ShapeChecker, raw: unknown, path: string, currency: string | null): Payment {
  const p = check.object(raw, path);
  const method = PAYMENT_TYPES[wireText(p.type ?? '').toLowerCase()] ?? PaymentMethod.PAYMENT_PROFILE;
  const payCurrency = typeof p.currencyCode === 'string' ? p.currencyCode : currency;
  return {
    method,
    amount: amountOf(check, p.amount, payCurrency, `${path}.amount`),
    status: check.optionalString(p.paymentState, `${path}.paymentState`),
    card: method === PaymentMethod.CARD ? { brand: check.optionalString(p.cardType, `${path}.cardType`), last4: lastFour(check, p, path) } : null,
    paymentType: typeof p.type === 'string' ? p.type : null,
    purchaseOrderNumber: typeof p.PONumber === 'string' && p.PONumber !== '' ? p.PONumber : null,
    autoPay: null,
    paperless: null,
  };
}

function coupon(check: ShapeChecker, raw: unknown, path: string, currency: string | null): Coupon {
  const c = check.object(raw, path);
  return {
    code: check.string(c.code, `${path}.code`),
    status: check.optionalString(c.status, `${path}.status`),
    description: check.optionalString(c.description, `${path}.description`),
    discount: positive(amountOf(check, c.totalAdjustment, currency, `${path}.totalAdjustment`)),
  };
}

function dynamicProperties(check: ShapeChecker, raw: unknown, path: string): NameValue[] {
  const list = tolerant(check, path, () => check.optionalArray(raw, path)) ?? [];
  return tolerantList(check, list, path, (entry, at) => {
    const d = check.object(entry, at);
    if (d.value === undefined || d.value === null) return null;
    return { name: check.string(d.id, `${at}.id`), value: typeof d.value === 'object' ? JSON.stringify(d.value) : wireText(d.value) };
  }).filter((d): d is NameValue => d !== null);
}

/** What a cart and an order share, read once from an Oracle order body. */
interface ParsedOrder {
  vendorId: string;
  rawState: string;
  state: OrderState;
  customerId: string;
  currency: string | null;
  items: CartItem[];
  totals: Totals;
  coupons: Coupon[];
  shippingAddress: Address | null;
  shippingMethod: string | null;
  payments: Payment[];
  dynamicProperties: NameValue[];
  createdAt: Date | null;
  submittedAt: Date | null;
}

/** An optional object at `base + key` (null when absent), read tolerantly. */
function optionalObject(check: ShapeChecker, value: unknown, base: string, key: string): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return tolerant(check, base + key, () => check.object(value, base + key));
}

/** An optional list at `base + key` (empty when absent or malformed), read tolerantly. */
function optionalList(check: ShapeChecker, value: unknown, base: string, key: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  return tolerant(check, base + key, () => check.optionalArray(value, base + key)) ?? [];
}

/** The order's currency: an ISO 4217 code from `priceInfo`, read tolerantly (null without one). */
function orderCurrency(check: ShapeChecker, priceInfo: Record<string, unknown> | null, path: string): string | null {
  const c = priceInfo?.currencyCode;
  if (typeof c === 'string' && CURRENCY_CODE.test(c)) return c;
  return tolerant(check, `${path}.priceInfo.currencyCode`, () => {
    const code = check.string(c, `${path}.priceInfo.currencyCode`);
    if (!CURRENCY_CODE.test(code)) check.fail(`${path}.priceInfo.currencyCode`, 'an ISO 4217 code');
    return code;
  });
}

/** The first shipping group, when every group is an object (undefined when there is none or one is malformed). */
function firstShippingGroup(check: ShapeChecker, groups: unknown, path: string): Record<string, unknown> | undefined {
  if (groups === undefined || groups === null) return undefined;
  if (Array.isArray(groups) && groups.every((g) => g !== null && typeof g === 'object' && !Array.isArray(g)))
    return groups[0] as Record<string, unknown> | undefined;
  return (
    tolerant(check, `${path}.shippingGroups`, () =>
      check.optionalArray(groups, `${path}.shippingGroups`).map((g, i) => check.object(g, `${path}.shippingGroups[${i}]`)),
    )?.[0] ?? undefined
  );
}

function shippingMethodOf(check: ShapeChecker, group: Record<string, unknown> | undefined, path: string): string | null {
  const method = group?.shippingMethod;
  if (method === undefined || method === null) return null;
  if (typeof method === 'string') return method;
  if (typeof method === 'object' && !Array.isArray(method)) {
    const value = (method as Record<string, unknown>).value;
    if (value === undefined || value === null || value === '' || typeof value === 'string' || typeof value === 'number') {
      return check.optionalStringAt(value, path, '.shippingGroups[0].shippingMethod.value');
    }
  }
  return tolerant(check, `${path}.shippingGroups[0].shippingMethod`, () =>
    check.optionalString(check.object(method, `${path}.shippingGroups[0].shippingMethod`).value, `${path}.shippingGroups[0].shippingMethod.value`),
  );
}

function optionalDate(check: ShapeChecker, value: unknown, path: string, key: string): Date | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return tolerant(check, path + key, () => check.date(value, path + key));
}

/**
 * Reads an order body on every cart and order read, so each optional part is first taken on a fast check that
 * builds no path and no closure; a part that fails it is read again the checked, tolerant way, which reports it
 * under the same path as always. The order of the checks (and so of the reports) is the order of the fields.
 */
/**
 * `knownCustomerId`: the customer the subgraph already knows an op answer is about (the one it created the cart for,
 * or the cart's); the answers' nesting per op is undocumented [U], so one without `orderProfileId` takes it.
 */
function parseOrder(check: ShapeChecker, body: unknown, path: string, knownCustomerId?: string): ParsedOrder {
  const o = check.objectAt(body, path, '');
  // Identity: the order id, the state (cart or order) and the profile it belongs to. Everything else is optional and
  // read tolerantly: a malformed part is dropped and reported, the rest of the order kept.
  const vendorId = check.idAt(o.id, path, '.id', isSafeVendorId);
  const rawState = check.stringAt(o.state, path, '.state');
  const known = oracleState(rawState);
  if (!known) reportDroppedPart(check, `${path}.state`, 'a known Oracle state; read as PENDING with the raw value kept');
  const state = known ?? OrderState.PENDING;
  const priceInfo = optionalObject(check, o.priceInfo, path, '.priceInfo');
  // Without a currency no amount can be shown; the order is still read.
  const currency = orderCurrency(check, priceInfo, path);
  const cart = o.shoppingCart === undefined || o.shoppingCart === null ? {} : check.objectAt(o.shoppingCart, path, '.shoppingCart');
  const itemRecurring: RecurringCharge[] = [];
  const rawItems = check.optionalArrayAt(cart.items, path, '.shoppingCart.items');
  const items: CartItem[] = [];
  for (let i = 0; i < rawItems.length; i++) items.push(cartItem(check, vendorId, currency, rawItems[i], `${path}.shoppingCart.items[${i}]`, itemRecurring));
  const recurringInfo = optionalObject(check, o.recurringChargePriceInfo, path, '.recurringChargePriceInfo');
  let recurring: RecurringCharge[] = itemRecurring;
  if (recurringInfo && Array.isArray(recurringInfo.subTotalByFrequency)) {
    recurring = [];
    const charges = tolerantList(check, recurringInfo.subTotalByFrequency, `${path}.recurringChargePriceInfo.subTotalByFrequency`, (raw, at) => {
      const f = check.object(raw, at);
      const amount = amountOf(check, f.amount, currency, `${at}.amount`);
      return amount ? { amount, period: period(check, f.frequency, `${at}.frequency`) } : null;
    });
    for (const charge of charges) if (charge) sumRecurring(recurring, charge);
  }
  const subtotal =
    optionalAmount(check, priceInfo?.subTotal, currency, path, '.priceInfo.subTotal') ??
    optionalAmount(check, priceInfo?.rawSubtotal, currency, path, '.priceInfo.rawSubtotal') ??
    optionalAmount(check, priceInfo?.amount, currency, path, '.priceInfo.amount');
  const group = firstShippingGroup(check, o.shippingGroups, path);
  const shippingMethod = shippingMethodOf(check, group, path);
  const customerId = check.stringAt(o.orderProfileId ?? o.profileId ?? knownCustomerId, path, '.orderProfileId');
  const tax = optionalAmount(check, priceInfo?.tax, currency, path, '.priceInfo.tax');
  const shipping = optionalAmount(check, priceInfo?.shipping, currency, path, '.priceInfo.shipping');
  const discount = positive(optionalAmount(check, priceInfo?.discountAmount, currency, path, '.priceInfo.discountAmount'));
  const total = optionalAmount(check, priceInfo?.total, currency, path, '.priceInfo.total');
  const coupons = tolerantList(check, optionalList(check, cart.coupons, path, '.shoppingCart.coupons'), `${path}.shoppingCart.coupons`, (c, at) =>
    coupon(check, c, at, currency),
  );
  let shippingAddress: Address | null = null;
  if (group) {
    try {
      shippingAddress = address(check, group.shippingAddress, `${path}.shippingGroups[0].shippingAddress`);
    } catch (error) {
      shippingAddress = dropPart(check, `${path}.shippingGroups[0].shippingAddress`, error);
    }
  }
  const payments = tolerantList(check, optionalList(check, o.payments, path, '.payments'), `${path}.payments`, (p, at) => payment(check, p, at, currency));
  return {
    vendorId,
    rawState,
    state,
    customerId,
    currency,
    items,
    totals: { oneTime: subtotal, recurring, subtotal, tax, shipping, discount, total },
    coupons,
    shippingAddress,
    shippingMethod,
    payments,
    dynamicProperties: dynamicProperties(check, o.dynamicProperties, `${path}.dynamicProperties`),
    createdAt: optionalDate(check, o.creationDate, path, '.creationDate'),
    submittedAt: optionalDate(check, o.submittedDate, path, '.submittedDate'),
  };
}

/** An Oracle order as a graph Cart. A cart and its order are the same Oracle order: once placed, `order` points at it. */
export function mapCart(check: ShapeChecker, body: unknown, knownCustomerId?: string): Cart {
  const o = parseOrder(check, body, 'order', knownCustomerId);
  return {
    id: encodeId(ORACLE.id, 'Cart', o.vendorId),
    vendorId: o.vendorId,
    vendor: ORACLE.id,
    customerId: o.customerId,
    state: o.state,
    vendorStatus: o.rawState,
    items: o.items,
    totals: o.totals,
    coupons: o.coupons,
    shippingAddress: o.shippingAddress,
    shippingMethod: o.shippingMethod,
    dynamicProperties: o.dynamicProperties,
    validationMessages: [],
    createdAt: o.createdAt,
    orderVendorId: o.state === OrderState.DRAFT ? null : o.vendorId,
  };
}

function flatten(items: CartItem[]): CartItem[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

function pollAfter(s: OrderState): number | null {
  return FINAL_STATES.has(s) ? null : (ORACLE_POLL_AFTER[s] ?? 600);
}

/**
 * An Oracle order as a graph ProductOrder, or null while it is still INCOMPLETE (a cart, not an order). Bundle parts
 * and add-ons follow their parent as lines of their own. The Oracle order id is also the number a customer quotes.
 */
export function mapOrder(check: ShapeChecker, body: unknown, path = 'order', knownCustomerId?: string): ProductOrder | null {
  const o = parseOrder(check, body, path, knownCustomerId);
  if (o.state === OrderState.DRAFT) return null;
  const items: OrderItem[] = flatten(o.items).map((item) => ({
    id: item.vendorId,
    action: item.action,
    offeringId: item.offeringId,
    name: item.name,
    quantity: item.quantity,
    state: null,
    vendorStatus: null,
    subscriptionId: null,
    unitPrice: item.unitPrice,
    totalPrice: item.totalPrice,
  }));
  return {
    id: encodeId(ORACLE.id, 'ProductOrder', o.vendorId),
    vendorId: o.vendorId,
    vendor: ORACLE.id,
    customerId: o.customerId,
    state: o.state,
    vendorStatus: o.rawState,
    customerOrderId: o.vendorId,
    externalReferenceId: null,
    orderType: null,
    items,
    payments: o.payments,
    totals: o.totals,
    dynamicProperties: o.dynamicProperties,
    shippingAddress: o.shippingAddress,
    submittedAt: o.submittedAt,
    pollAfter: pollAfter(o.state),
    cartVendorId: o.vendorId,
    referenceOrderVendorId: null,
  };
}

/** A page of the order list `{items, totalResults}` as ProductOrders (carts filtered out by the query). */
export function mapOrderPage(check: ShapeChecker, body: unknown): { orders: ProductOrder[]; totalCount: number } {
  const page = check.object(body, 'page');
  const orders = check
    .array(page.items, 'page.items')
    .map((raw, i) => mapOrder(check, raw, `page.items[${i}]`))
    .filter((o): o is ProductOrder => o !== null);
  return { orders, totalCount: check.integer(page.totalResults, 'page.totalResults') };
}
