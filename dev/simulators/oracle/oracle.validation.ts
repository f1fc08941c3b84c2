import { containsCardNumber } from '../kit/card';
import { findCoupon, findShippingMethod, ORACLE_ORDER_DYNAMIC_PROPERTIES } from './oracle.catalogue';
import { ErrorCollector, OracleError, OracleErrorCode, invalidRequest } from './oracle.errors';
import type { OracleErrorCodeValue } from './oracle.errors';

/** Request wire types as the simulator accepts them (declared here: the simulator never imports the adapter). */

export interface OracleItemInput {
  /** Where the item sits in the request, for `o:errorPath`: `shoppingCart.items[1].childItems[0]`. */
  path: string;
  commerceItemId?: string;
  productId: string;
  catRefId?: string;
  quantity: number;
  shopperInput: Record<string, string>;
  childItems: OracleItemInput[];
}

export interface OracleAddress {
  firstName?: string;
  lastName?: string;
  address1: string;
  address2?: string;
  city: string;
  state?: string;
  postalCode: string;
  country: string;
  phoneNumber?: string;
  email?: string;
}

export interface OracleCouponInput {
  code: string;
  path: string;
}

/** Changes a create, update or quote may carry. Absent members leave the order as it is. */
export interface OracleOrderChanges {
  items?: OracleItemInput[];
  coupons?: OracleCouponInput[];
  shippingAddress?: OracleAddress;
  billingAddress?: OracleAddress;
  shippingMethod?: string;
  /** Declared order dynamic properties sent as flat top-level keys; null clears one. */
  dynamicProperties: Record<string, string | boolean | null>;
}

export type OraclePaymentType = 'card' | 'invoice' | 'physicalGiftCard';

export interface OraclePaymentInput {
  path: string;
  type: OraclePaymentType;
  amountCents?: number;
  cardToken?: string;
  cardType?: string;
  lastFour?: string;
  nameOnCard?: string;
  endMonth?: number;
  endYear?: number;
  PONumber?: string;
  giftCardToken?: string;
}

export interface OracleListQuery {
  profileId?: string;
  stateFilters: { op: 'eq' | 'ne'; value: string }[];
  limit: number;
  offset: number;
  sort: { field: 'creationDate' | 'submittedDate' | 'id'; descending: boolean };
}

/** Most items (top level) one order may hold, and the nesting depth of child items [I]. */
export const MAX_ITEMS = 100;
export const MAX_CHILD_DEPTH = 2;
const MAX_QUANTITY = 999;
const MAX_PAYMENTS = 5;
/** Oracle's documented default page size for list endpoints; the simulator also uses it as the maximum [I]. */
export const LIST_LIMIT_DEFAULT = 250;

type Rec = Record<string, unknown>;

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any control character: they could split a header or a log line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f]/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The JSON object body of a request, or a 400 explaining why there is none. */
export function requireObjectBody(body: unknown, bodyError: string | undefined): Rec {
  if (bodyError !== undefined) throw invalidRequest('body', 'Request body is not valid JSON');
  if (!isRecord(body)) throw invalidRequest('body', 'Request body must be a JSON object (content-type: application/json)');
  return body;
}

/** True when a text holds something that looks like a full card number (the subgraph's own rule, shared). */
export const looksLikeCardNumber = containsCardNumber;

function holdsCardNumber(value: unknown, depth = 0): boolean {
  if (depth > 4) return false;
  if (typeof value === 'string') return looksLikeCardNumber(value);
  if (typeof value === 'number') return looksLikeCardNumber(String(value));
  if (Array.isArray(value)) return value.some((v) => holdsCardNumber(v, depth + 1));
  if (isRecord(value)) return Object.values(value).some((v) => holdsCardNumber(v, depth + 1));
  return false;
}

function optionalString(
  o: Rec,
  key: string,
  path: string,
  c: ErrorCollector,
  max: number,
  code: OracleErrorCodeValue = OracleErrorCode.REQUEST_INVALID,
): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > max || CONTROL.test(v)) {
    c.add(400, code, `${key} must be text of at most ${max} characters`, `${path}.${key}`);
    return undefined;
  }
  return v;
}

function parseQuantity(o: Rec, path: string, c: ErrorCollector): number {
  const raw = o.quantity;
  // Oracle's own examples send quantity both as a number and as a string ("1").
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_QUANTITY) {
    c.add(400, OracleErrorCode.QUANTITY_INVALID, `Quantity must be a whole number from 1 to ${MAX_QUANTITY}`, `${path}.quantity`);
    return 0;
  }
  return n;
}

function parseShopperInput(o: Rec, path: string, c: ErrorCollector): Record<string, string> {
  const raw = o.shopperInput;
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) {
    c.add(400, OracleErrorCode.SHOPPER_INPUT_INVALID, 'shopperInput must be an object of text values', `${path}.shopperInput`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      c.add(400, OracleErrorCode.SHOPPER_INPUT_INVALID, 'shopperInput values must be text', `${path}.shopperInput.${key}`);
      continue;
    }
    out[key] = String(value);
  }
  return out;
}

function parseItem(raw: unknown, path: string, depth: number, c: ErrorCollector): OracleItemInput | undefined {
  if (!isRecord(raw)) {
    c.add(400, OracleErrorCode.REQUEST_INVALID, 'Each item must be an object', path);
    return undefined;
  }
  const productId = raw.productId;
  if (typeof productId !== 'string' || !ID.test(productId)) {
    c.add(400, OracleErrorCode.PRODUCT_NOT_FOUND, 'productId is missing or is not a product id', `${path}.productId`);
  }
  const catRefId = raw.catRefId;
  if (catRefId !== undefined && catRefId !== null && (typeof catRefId !== 'string' || !ID.test(catRefId))) {
    c.add(400, OracleErrorCode.SKU_INVALID, 'catRefId is not a SKU id', `${path}.catRefId`);
  }
  const commerceItemId = raw.commerceItemId;
  if (commerceItemId !== undefined && commerceItemId !== null && (typeof commerceItemId !== 'string' || !ID.test(commerceItemId))) {
    c.add(400, OracleErrorCode.COMMERCE_ITEM_NOT_FOUND, 'commerceItemId is not a commerce item id', `${path}.commerceItemId`);
  }
  const quantity = parseQuantity(raw, path, c);
  const shopperInput = parseShopperInput(raw, path, c);
  let childItems: OracleItemInput[] = [];
  if (raw.childItems !== undefined && raw.childItems !== null) {
    if (depth + 1 > MAX_CHILD_DEPTH) {
      c.add(400, OracleErrorCode.CHILD_ITEM_INVALID, `Child items nest at most ${MAX_CHILD_DEPTH} levels deep`, `${path}.childItems`);
    } else {
      childItems = parseItemList(raw.childItems, `${path}.childItems`, depth + 1, c) ?? [];
    }
  }
  if (typeof productId !== 'string') return undefined;
  const item: OracleItemInput = { path, productId, quantity, shopperInput, childItems };
  if (typeof catRefId === 'string') item.catRefId = catRefId;
  if (typeof commerceItemId === 'string') item.commerceItemId = commerceItemId;
  return item;
}

function parseItemList(raw: unknown, path: string, depth: number, c: ErrorCollector): OracleItemInput[] | undefined {
  if (!Array.isArray(raw)) {
    c.add(400, OracleErrorCode.REQUEST_INVALID, 'items must be an array', path);
    return undefined;
  }
  if (raw.length > MAX_ITEMS) {
    c.add(400, OracleErrorCode.TOO_MANY_ITEMS, `An order holds at most ${MAX_ITEMS} items`, path);
    return undefined;
  }
  return raw.map((entry, i) => parseItem(entry, `${path}[${i}]`, depth, c)).filter((i): i is OracleItemInput => i !== undefined);
}

const POSTAL_CODES: Record<string, RegExp> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/,
};

/**
 * An address checked field by field; every bad field is reported. The simulated stores ship to the US and Canada
 * only, and want ISO 3166-1 country codes and two-letter region codes [I: Oracle also accepts country names].
 */
export function parseAddress(raw: unknown, path: string, c: ErrorCollector): OracleAddress | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    c.add(400, OracleErrorCode.ADDRESS_INVALID, 'The address must be an object', path);
    return undefined;
  }
  const before = c.count;
  const text = (key: string, max: number, required: boolean): string | undefined => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') {
      if (required) c.add(400, OracleErrorCode.ADDRESS_INVALID, `${key} is required`, `${path}.${key}`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim().length === 0 || v.length > max || CONTROL.test(v)) {
      c.add(400, OracleErrorCode.ADDRESS_INVALID, `${key} must be text of at most ${max} characters`, `${path}.${key}`);
      return undefined;
    }
    return v;
  };
  const address1 = text('address1', 100, true);
  const city = text('city', 60, true);
  const country = text('country', 2, true);
  const postalCode = text('postalCode', 10, true);
  const state = text('state', 3, false);
  const out: Partial<OracleAddress> = {
    firstName: text('firstName', 40, false),
    lastName: text('lastName', 40, false),
    address2: text('address2', 100, false),
    phoneNumber: text('phoneNumber', 30, false),
    email: text('email', 100, false),
  };
  if (country !== undefined && !POSTAL_CODES[country]) {
    c.add(400, OracleErrorCode.ADDRESS_INVALID, 'The store ships to US and CA addresses only', `${path}.country`);
  }
  if (country !== undefined && POSTAL_CODES[country]) {
    if (state === undefined || !/^[A-Z]{2}$/.test(state)) {
      c.add(400, OracleErrorCode.ADDRESS_INVALID, 'state must be a two-letter region code', `${path}.state`);
    }
    if (postalCode !== undefined && !POSTAL_CODES[country].test(postalCode)) {
      c.add(400, OracleErrorCode.ADDRESS_INVALID, `postalCode is not a valid ${country} postal code`, `${path}.postalCode`);
    }
  }
  if (c.count > before || address1 === undefined || city === undefined || country === undefined || postalCode === undefined) return undefined;
  const address: OracleAddress = { address1, city, country, postalCode };
  if (state !== undefined) address.state = state;
  for (const [k, v] of Object.entries(out)) if (v !== undefined) (address as unknown as Rec)[k] = v;
  return address;
}

function parseCoupons(raw: unknown, path: string, c: ErrorCollector): OracleCouponInput[] | undefined {
  if (!Array.isArray(raw)) {
    c.add(400, OracleErrorCode.REQUEST_INVALID, 'coupons must be an array', path);
    return undefined;
  }
  const seen = new Set<string>();
  const out: OracleCouponInput[] = [];
  raw.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    const code = isRecord(entry) ? entry.code : undefined;
    if (typeof code !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(code)) {
      c.add(400, OracleErrorCode.COUPON_NOT_FOUND, 'Each coupon needs a code', `${at}.code`);
      return;
    }
    const coupon = findCoupon(code);
    if (!coupon) {
      c.add(400, OracleErrorCode.COUPON_NOT_FOUND, 'The coupon code is not valid', `${at}.code`);
      return;
    }
    if (coupon.expired) {
      c.add(400, OracleErrorCode.COUPON_EXPIRED, 'The coupon has expired', `${at}.code`);
      return;
    }
    if (seen.has(coupon.code)) return;
    seen.add(coupon.code);
    out.push({ code: coupon.code, path: at });
  });
  return out;
}

function parseShippingMethod(raw: unknown, c: ErrorCollector): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const value = isRecord(raw) ? raw.value : undefined;
  if (typeof value !== 'string' || !findShippingMethod(value)) {
    c.add(400, OracleErrorCode.SHIPPING_METHOD_INVALID, 'shippingMethod.value is not a shipping method of this store', 'shippingMethod.value');
    return undefined;
  }
  return value;
}

function parseDynamicProperties(body: Rec, c: ErrorCollector): Record<string, string | boolean | null> {
  const out: Record<string, string | boolean | null> = {};
  for (const def of ORACLE_ORDER_DYNAMIC_PROPERTIES) {
    if (!(def.id in body)) continue;
    const v = body[def.id];
    if (v === null) {
      out[def.id] = null;
    } else if (def.type === 'boolean') {
      if (v === true || v === 'true') out[def.id] = true;
      else if (v === false || v === 'false') out[def.id] = false;
      else c.add(400, OracleErrorCode.DYNAMIC_PROPERTY_INVALID, `${def.id} must be true or false`, def.id);
    } else if (typeof v === 'string' && v.length <= (def.maxLength ?? 255) && !CONTROL.test(v)) {
      out[def.id] = v;
    } else {
      c.add(400, OracleErrorCode.DYNAMIC_PROPERTY_INVALID, `${def.id} must be text of at most ${def.maxLength ?? 255} characters`, def.id);
    }
  }
  return out;
}

/**
 * The order changes a body carries (items, coupons, addresses, shipping method, dynamic properties), checked for
 * shape and against the static catalogue lists. Unknown top-level keys are ignored, as Oracle ignores properties it
 * does not know [I]. Every problem found is collected; the caller throws them together.
 */
export function parseOrderChanges(body: Rec, c: ErrorCollector): OracleOrderChanges {
  const changes: OracleOrderChanges = { dynamicProperties: parseDynamicProperties(body, c) };
  const cart = body.shoppingCart;
  if (cart !== undefined && cart !== null) {
    if (!isRecord(cart)) {
      c.add(400, OracleErrorCode.REQUEST_INVALID, 'shoppingCart must be an object', 'shoppingCart');
    } else {
      if (cart.items !== undefined && cart.items !== null) changes.items = parseItemList(cart.items, 'shoppingCart.items', 0, c);
      if (cart.coupons !== undefined && cart.coupons !== null) changes.coupons = parseCoupons(cart.coupons, 'shoppingCart.coupons', c);
    }
  }
  const shipping = parseAddress(body.shippingAddress, 'shippingAddress', c);
  if (shipping) changes.shippingAddress = shipping;
  const billing = parseAddress(body.billingAddress, 'billingAddress', c);
  if (billing) changes.billingAddress = billing;
  const method = parseShippingMethod(body.shippingMethod, c);
  if (method) changes.shippingMethod = method;
  return changes;
}

/** Card data that must never be sent: numbers, security codes, gift card numbers and PINs [I: the simulator's PCI line]. */
const CARD_DATA_KEYS = ['cardNumber', 'cardCVV', 'cvv', 'pan', 'number', 'giftCardNumber', 'giftCardPin'];

function parseAmount(entry: Rec, path: string, c: ErrorCollector): number | undefined {
  const v = entry.amount;
  if (v === undefined || v === null) return undefined;
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) {
    c.add(400, OracleErrorCode.PAYMENT_INVALID, 'amount must be a positive amount with at most two decimals', `${path}.amount`);
    return undefined;
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/**
 * The payments of a preAuthorizeOrder or submitOrder. A full card number, security code or gift card number
 * anywhere in a payment is refused at once with a message that never repeats it.
 */
export function parsePayments(raw: unknown, c: ErrorCollector): OraclePaymentInput[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    c.add(400, OracleErrorCode.REQUEST_INVALID, 'payments must be an array', 'payments');
    return undefined;
  }
  if (raw.length > MAX_PAYMENTS) {
    c.add(400, OracleErrorCode.PAYMENT_INVALID, `At most ${MAX_PAYMENTS} payments`, 'payments');
    return undefined;
  }
  raw.forEach((entry, i) => {
    const carriesCardData =
      isRecord(entry) && (CARD_DATA_KEYS.some((k) => entry[k] !== undefined && entry[k] !== null && entry[k] !== '') || holdsCardNumber(entry));
    if (carriesCardData) {
      throw new OracleError(
        400,
        OracleErrorCode.CARD_NUMBER_NOT_ACCEPTED,
        'Card numbers and security codes are not accepted; send a card token',
        `payments[${i}]`,
      );
    }
  });
  const out: OraclePaymentInput[] = [];
  raw.forEach((entry, i) => {
    const path = `payments[${i}]`;
    if (!isRecord(entry)) {
      c.add(400, OracleErrorCode.PAYMENT_INVALID, 'Each payment must be an object', path);
      return;
    }
    const type = entry.type;
    if (type !== 'card' && type !== 'invoice' && type !== 'physicalGiftCard') {
      c.add(400, OracleErrorCode.PAYMENT_INVALID, 'type must be card, invoice or physicalGiftCard', `${path}.type`);
      return;
    }
    const payment: OraclePaymentInput = { path, type };
    // No doc shows a token field: a vault token, its last four and a gift card token travel in the documented
    // `customProperties` object [C: "Additional Properties Allowed"]; the older top-level names are still read.
    const custom = isRecord(entry.customProperties) ? entry.customProperties : {};
    for (const key of ['cardToken', 'lastFour', 'giftCardToken'] as const) {
      if (entry[key] === undefined && custom[key] !== undefined) entry[key] = custom[key];
    }
    const amount = parseAmount(entry, path, c);
    if (amount !== undefined) payment.amountCents = amount;
    if (type === 'card') {
      if (typeof entry.cardToken !== 'string' || !/^[A-Za-z0-9_-]{8,128}$/.test(entry.cardToken)) {
        c.add(400, OracleErrorCode.PAYMENT_INVALID, 'A card payment needs a cardToken', `${path}.cardToken`);
      } else payment.cardToken = entry.cardToken;
      if (typeof entry.cardType !== 'string' || !/^[A-Za-z]{2,20}$/.test(entry.cardType)) {
        c.add(400, OracleErrorCode.PAYMENT_INVALID, 'A card payment needs a cardType such as visa', `${path}.cardType`);
      } else payment.cardType = entry.cardType;
      if (entry.lastFour !== undefined && entry.lastFour !== null) {
        if (typeof entry.lastFour !== 'string' || !/^\d{4}$/.test(entry.lastFour)) {
          c.add(400, OracleErrorCode.PAYMENT_INVALID, 'lastFour must be four digits', `${path}.lastFour`);
        } else payment.lastFour = entry.lastFour;
      }
      const nameOnCard = optionalString(entry, 'nameOnCard', path, c, 80, OracleErrorCode.PAYMENT_INVALID);
      if (nameOnCard !== undefined) payment.nameOnCard = nameOnCard;
      for (const [key, min, max] of [
        ['endMonth', 1, 12],
        ['endYear', 2000, 2100],
      ] as const) {
        const v = entry[key];
        if (v === undefined || v === null) continue;
        const n = typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
          c.add(400, OracleErrorCode.PAYMENT_INVALID, `${key} must be a whole number from ${min} to ${max}`, `${path}.${key}`);
        } else payment[key] = n;
      }
    } else if (type === 'invoice') {
      const po = optionalString(entry, 'PONumber', path, c, 64, OracleErrorCode.PAYMENT_INVALID);
      if (po !== undefined) payment.PONumber = po;
    } else if (typeof entry.giftCardToken !== 'string' || !/^[A-Za-z0-9_-]{8,128}$/.test(entry.giftCardToken)) {
      c.add(400, OracleErrorCode.PAYMENT_INVALID, 'A gift card payment needs a giftCardToken', `${path}.giftCardToken`);
    } else payment.giftCardToken = entry.giftCardToken;
    out.push(payment);
  });
  return out;
}

const CLAUSE = /^(profileId|state)\s+(eq|ne)\s+"([^"\\]{0,64})"$/i;

/**
 * The list endpoint's query: `q` in the subset of Oracle's RQL this simulator understands (`profileId` and
 * `state` compared with `eq` / `ne` to quoted strings, joined by `and`), `limit`, `offset` and `sort` [I: the agent
 * API documents no order list; this follows the admin list conventions].
 */
export function parseListQuery(query: URLSearchParams): OracleListQuery {
  const bad = (param: string, message: string): OracleError => new OracleError(400, OracleErrorCode.LIST_QUERY_INVALID, message, param);
  const result: OracleListQuery = { stateFilters: [], limit: LIST_LIMIT_DEFAULT, offset: 0, sort: { field: 'creationDate', descending: true } };
  const q = query.get('q');
  if (q !== null && q.trim() !== '') {
    for (const clause of q.trim().split(/\s+and\s+/i)) {
      const m = CLAUSE.exec(clause.trim());
      if (!m) throw bad('q', 'q must be clauses such as profileId eq "cust-1001" joined by and');
      const field = m[1].toLowerCase();
      const op = m[2].toLowerCase() as 'eq' | 'ne';
      if (field === 'profileid') {
        if (op !== 'eq') throw bad('q', 'profileId can only be compared with eq');
        result.profileId = m[3];
      } else {
        result.stateFilters.push({ op, value: m[3].toUpperCase() });
      }
    }
  }
  const int = (name: string, min: number, max: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw bad(name, `${name} must be a whole number from ${min} to ${max}`);
    return Number(raw);
  };
  result.limit = int('limit', 1, LIST_LIMIT_DEFAULT) ?? result.limit;
  result.offset = int('offset', 0, 1_000_000_000) ?? 0;
  const sort = query.get('sort');
  if (sort !== null && sort !== '') {
    const m = /^(creationDate|submittedDate|id)(?::(asc|desc))?$/.exec(sort);
    if (!m) throw bad('sort', 'sort must be creationDate, submittedDate or id, optionally with :asc or :desc');
    result.sort = { field: m[1] as OracleListQuery['sort']['field'], descending: m[2] !== 'asc' };
  }
  return result;
}
