import { BadUserInputError } from '../../common/errors';
import { UserError, UserErrorCode } from '../../common/user-error.type';
import { VendorResponse } from '../../http/vendor-http';
import { OracleErrorBody } from './oracle.wire';

/**
 * Where the caller's own fields sit in the GraphQL arguments, so that an error naming a request field
 * (`o:errorPath`) can name the argument instead. Item and coupon lists sent to Oracle can hold entries the caller
 * did not send in this mutation (the cart's current items, its earlier coupons): those map to null.
 */
export interface OracleErrorContext {
  /** The argument path of the request's i-th top-level item, or null when it was already in the cart. */
  item?: (index: number) => string[] | null;
  /** The argument path of the request's i-th coupon, or null when it was already on the cart. */
  coupon?: (index: number) => string[] | null;
  /** The input object that carries addresses, payments, shipping method and dynamic properties (`["input"]`). */
  input?: string[];
}

/** Maps list positions to argument positions when the caller's entries follow `offset` existing ones. */
export function listField(prefix: string[], offset = 0): (index: number) => string[] | null {
  return (index) => (index >= offset ? [...prefix, String(index - offset)] : null);
}

type FieldRule = (ctx: OracleErrorContext) => string[] | null;
type Mapping = { code: UserErrorCode; message: string; field?: FieldRule };

const input =
  (...rest: string[]): FieldRule =>
  (ctx) => [...(ctx.input ?? ['input']), ...rest];
const fixed =
  (...path: string[]): FieldRule =>
  () =>
    path;

/**
 * Oracle error codes to stable userError codes. `22000` (no profile) and `20031` (unknown product) are Oracle's
 * documented codes [C]; the others are the codes of this project's simulator [I], which follow Oracle's numeric
 * style. The message is ours: Oracle's text is localized and may quote internals, so it is not passed on.
 */
const CODES: Record<string, Mapping> = {
  '22000': { code: UserErrorCode.CUSTOMER_NOT_FOUND, message: 'Oracle has no profile for this customer', field: fixed('input', 'customerId') },
  '28003': { code: UserErrorCode.CART_NOT_FOUND, message: 'No such cart', field: fixed('cartId') },
  '28004': { code: UserErrorCode.CART_NOT_EDITABLE, message: 'The cart was already submitted and cannot change', field: fixed('cartId') },
  '28005': { code: UserErrorCode.CART_EMPTY, message: 'The cart has no items', field: fixed('cartId') },
  '20031': { code: UserErrorCode.OFFERING_NOT_FOUND, message: 'Oracle has no product with this id' },
  '28011': { code: UserErrorCode.OFFERING_NOT_FOUND, message: 'Give the SKU as a catRefId characteristic: the product has no such SKU or has several' },
  '28012': { code: UserErrorCode.INVALID_FIELD, message: 'Oracle does not accept this quantity' },
  '28013': { code: UserErrorCode.INVALID_FIELD, message: 'This item cannot be ordered as a part or add-on of its parent' },
  '28014': { code: UserErrorCode.INVALID_FIELD, message: 'The shopper input is missing a value or holds one the product does not take' },
  '28015': { code: UserErrorCode.ITEM_NOT_FOUND, message: 'No such item in this cart', field: fixed('itemIds') },
  '28016': { code: UserErrorCode.INVALID_FIELD, message: 'The cart would hold more items than Oracle allows', field: fixed('items') },
  '28020': { code: UserErrorCode.INVALID_FIELD, message: 'Oracle does not know this coupon code' },
  '28021': { code: UserErrorCode.INVALID_FIELD, message: 'The coupon has expired' },
  '28030': { code: UserErrorCode.INVALID_FIELD, message: 'Oracle does not offer this shipping method', field: input('shippingMethod') },
  '28031': { code: UserErrorCode.INVALID_FIELD, message: 'Oracle could not accept this address field', field: input('shippingAddress') },
  '28032': { code: UserErrorCode.INVALID_FIELD, message: 'A shipping address is required to submit', field: input('shippingAddress') },
  '28040': { code: UserErrorCode.PAYMENT_REFUSED, message: 'Oracle refused the payment details', field: input('payments') },
  '28041': { code: UserErrorCode.PAYMENT_REFUSED, message: 'Cards must be sent as a token', field: input('payments') },
  '28042': { code: UserErrorCode.PAYMENT_REFUSED, message: 'The payment amounts do not add up to the order total', field: input('payments') },
  '28043': { code: UserErrorCode.PAYMENT_REFUSED, message: 'Payments are required: give them here or pre-authorize the cart first', field: input('payments') },
  '28044': { code: UserErrorCode.PAYMENT_REFUSED, message: 'The payment was declined', field: input('payments') },
  '28050': { code: UserErrorCode.VENDOR_REFUSED, message: 'Oracle wants the cart priced again first', field: fixed('cartId') },
  '28060': { code: UserErrorCode.INVALID_FIELD, message: 'A dynamic property has a value Oracle does not accept', field: input('dynamicProperties') },
};

/** Error codes that name the request headers: the caller's input, refused as BAD_USER_INPUT wherever they occur. */
const HEADER_CODES: Record<string, { header: string; message: string }> = {
  '60001': { header: 'x-ccsite', message: 'x-ccsite names a site Oracle does not know' },
  '100094': { header: 'x-ccorganization', message: 'X-CCOrganization names an inactive organization' },
  '100096': { header: 'x-ccorganization', message: 'X-CCOrganization names an organization Oracle does not know' },
};

const ADDRESS_FIELDS: Record<string, string> = {
  firstName: 'firstName',
  lastName: 'lastName',
  address1: 'line1',
  address2: 'line2',
  city: 'city',
  state: 'state',
  postalCode: 'postalCode',
  country: 'country',
};

const PAYMENT_FIELDS: Record<string, string> = {
  type: 'method',
  cardToken: 'cardToken',
  cardType: 'cardBrand',
  lastFour: 'cardLast4',
  PONumber: 'purchaseOrderNumber',
  giftCardToken: 'giftCardToken',
  amount: 'amount',
};

const ITEM_FIELDS: Record<string, string> = {
  quantity: 'quantity',
  productId: 'offeringId',
  catRefId: 'characteristics',
  shopperInput: 'shopperInput',
};

interface Segment {
  name: string;
  index?: number;
}

function segments(path: string): Segment[] | null {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    const m = /^([A-Za-z0-9_:-]+)(?:\[(\d{1,4})\])?$/.exec(part);
    if (!m) return null;
    out.push(m[2] === undefined ? { name: m[1] } : { name: m[1], index: Number(m[2]) });
  }
  return out;
}

/**
 * An Oracle request path (`shoppingCart.items[2].childItems[0].quantity`) as the argument path the caller sent
 * (`["items", "0", "children", "0", "quantity"]`). Undefined when the path is not one this adapter writes; null
 * when it names something the caller did not send in this mutation.
 */
export function argumentPath(errorPath: string, ctx: OracleErrorContext): string[] | null | undefined {
  const segs = segments(errorPath);
  if (!segs || segs.length === 0) return undefined;
  const [first, second, ...rest] = segs;
  const inputPath = ctx.input ?? ['input'];
  if (first.name === 'shoppingCart' && second?.name === 'items' && second.index !== undefined) {
    const base = ctx.item?.(second.index);
    if (!base) return null;
    const path = [...base];
    for (const s of rest) {
      if (s.name === 'childItems' && s.index !== undefined) {
        path.push('children', String(s.index));
        continue;
      }
      const leaf = ITEM_FIELDS[s.name];
      if (leaf) path.push(leaf);
      break;
    }
    return path;
  }
  if (first.name === 'shoppingCart' && second?.name === 'coupons' && second.index !== undefined) return ctx.coupon?.(second.index) ?? null;
  if ((first.name === 'shippingAddress' || first.name === 'billingAddress') && first.index === undefined) {
    const leaf = second ? ADDRESS_FIELDS[second.name] : undefined;
    return [...inputPath, first.name, ...(leaf ? [leaf] : [])];
  }
  if (first.name === 'shippingMethod') return [...inputPath, 'shippingMethod'];
  if (first.name === 'payments') {
    if (first.index === undefined) return [...inputPath, 'payments'];
    const leaf = second ? PAYMENT_FIELDS[second.name] : undefined;
    return [...inputPath, 'payments', String(first.index), ...(leaf ? [leaf] : [])];
  }
  if (first.name === 'profileId') return ['input', 'customerId'];
  if (first.name === 'id') return ['cartId'];
  if (first.name.startsWith('dynamicProperty')) return [...inputPath, 'dynamicProperties'];
  return undefined;
}

function one(errorCode: string | null, errorPath: string | null, status: number, ctx: OracleErrorContext): UserError {
  const mapped: Mapping =
    (errorCode ? CODES[errorCode] : undefined) ??
    (status === 404
      ? { code: UserErrorCode.CART_NOT_FOUND, message: 'No such cart', field: fixed('cartId') }
      : { code: UserErrorCode.VENDOR_REFUSED, message: 'Oracle refused the request' });
  const fromPath = errorPath ? argumentPath(errorPath, ctx) : undefined;
  const field = fromPath !== undefined ? fromPath : mapped.field ? mapped.field(ctx) : null;
  return { code: mapped.code, message: mapped.message, field, vendorCode: errorCode };
}

function entries(response: VendorResponse): { errorCode: string | null; errorPath: string | null }[] {
  const body = (response.body && typeof response.body === 'object' ? response.body : {}) as OracleErrorBody;
  const list = Array.isArray(body.errors) && body.errors.length > 0 ? body.errors : [body];
  return list.map((e) => {
    const raw = e && typeof e === 'object' ? e : {};
    const code = raw.errorCode;
    const path = raw['o:errorPath'];
    return {
      errorCode: typeof code === 'string' || typeof code === 'number' ? String(code) : null,
      errorPath: typeof path === 'string' ? path : null,
    };
  });
}

/** The error codes of an Oracle error answer, for logs (never the message text). */
export function oracleErrorCodes(response: VendorResponse): string {
  return entries(response)
    .map((e) => e.errorCode ?? '-')
    .join(',');
}

/**
 * A 4xx answer as userErrors: each of Oracle's errors (single or `errors[]`) mapped to a stable code, with Oracle's
 * code in `vendorCode` and the argument path where the error names a field. Duplicates are folded.
 */
export function oracleUserErrors(response: VendorResponse, ctx: OracleErrorContext = {}): UserError[] {
  const seen = new Set<string>();
  const out: UserError[] = [];
  for (const e of entries(response)) {
    const error = one(e.errorCode, e.errorPath, response.status, ctx);
    const key = `${error.code}|${error.vendorCode}|${(error.field ?? []).join('.')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(error);
  }
  return out;
}

/** BAD_USER_INPUT when Oracle refused the site or organization header the caller chose; null otherwise. */
export function oracleHeaderError(response: VendorResponse): BadUserInputError | null {
  if (response.status < 400 || response.status >= 500) return null;
  for (const e of entries(response)) {
    const known = e.errorCode ? HEADER_CODES[e.errorCode] : undefined;
    if (known) return new BadUserInputError(known.message, [known.header]);
  }
  return null;
}
