import { UserError, UserErrorCode } from '../../common/user-error.type';
import { VendorCallError } from '../../http/vendor-call-error';
import { VendorResponse } from '../../http/vendor-http';
import { VendorRefusal } from '../vendor-adapter';

/** Which graph operation a vendor answer belongs to: it decides the field paths userErrors point at. */
export type AdobeErrorContext = 'cart' | 'return' | 'renewal' | 'read';

/** Where a refusal points when Adobe names no field: resolved per context. */
type Slot = 'items' | 'order' | 'customer' | 'externalReference' | 'after';

interface Mapping {
  code: UserErrorCode;
  message: string;
  slot?: Slot;
}

const m = (code: UserErrorCode, message: string, slot?: Slot): Mapping => ({ code, message, slot });
const { INVALID_FIELD, VENDOR_REFUSED, ORDER_NOT_FOUND, CUSTOMER_NOT_FOUND, OFFERING_NOT_FOUND } = UserErrorCode;

/**
 * Adobe refusal codes to stable userError codes; Adobe's code stays in `vendorCode`. The codes are from Adobe's
 * published list; for 2130-2134 and 3115-3122 Adobe gives a range, and the meanings here are [I].
 */
export const ADOBE_ERROR_CODES: Readonly<Record<string, Mapping>> = {
  '1116': m(CUSTOMER_NOT_FOUND, 'Adobe does not know this customer', 'customer'),
  '1117': m(INVALID_FIELD, 'Adobe found fields it could not accept'),
  '1121': m(INVALID_FIELD, 'Adobe did not expect some fields'),
  '1122': m(INVALID_FIELD, 'Adobe is missing required fields'),
  '1133': m(INVALID_FIELD, 'The page starts after the last order', 'after'),
  '2115': m(ORDER_NOT_FOUND, 'No such order', 'order'),
  '2116': m(VENDOR_REFUSED, 'Adobe refused to change this order', 'order'),
  '2117': m(VENDOR_REFUSED, 'Adobe refused to change this order', 'order'),
  '2118': m(VENDOR_REFUSED, 'Adobe refused to change this order', 'order'),
  '2119': m(INVALID_FIELD, 'An Adobe order has at most 499 lines', 'items'),
  '2120': m(INVALID_FIELD, 'Adobe does not accept this quantity', 'items'),
  '2121': m(INVALID_FIELD, 'Line numbers must be unique in the order', 'items'),
  '2122': m(OFFERING_NOT_FOUND, 'Adobe does not offer this item', 'items'),
  '2123': m(INVALID_FIELD, 'Line numbers must be from 0 to 999999', 'items'),
  '2124': m(VENDOR_REFUSED, 'This reseller may not place the order', 'items'),
  '2125': m(VENDOR_REFUSED, 'This reseller may not place the order', 'items'),
  '2126': m(INVALID_FIELD, 'externalReferenceId has at most 35 characters', 'externalReference'),
  '2127': m(VENDOR_REFUSED, 'Adobe refused to cancel this order', 'order'),
  '2128': m(INVALID_FIELD, 'The offering is not sold in this currency', 'items'),
  '2129': m(VENDOR_REFUSED, 'The customer is not eligible for this offering', 'items'),
  '2130': m(VENDOR_REFUSED, 'This order cannot be returned', 'order'),
  '2131': m(INVALID_FIELD, 'No line of the order matches this line', 'items'),
  '2132': m(INVALID_FIELD, "The currency differs from the order's", 'items'),
  '2133': m(VENDOR_REFUSED, 'This was already returned', 'order'),
  '2134': m(VENDOR_REFUSED, 'The return window of this order has passed', 'order'),
  '2136': m(VENDOR_REFUSED, 'The customer has no subscription set to renew automatically', 'customer'),
  '2137': m(INVALID_FIELD, "The currency is not aligned with the customer's currency", 'items'),
  '2138': m(INVALID_FIELD, 'Adobe does not know this deployment', 'items'),
  '2140': m(INVALID_FIELD, 'Give the currency on the lines only', 'items'),
  '3115': m(VENDOR_REFUSED, 'A subscription cannot be renewed', 'customer'),
  '3121': m(VENDOR_REFUSED, 'The renewal was already placed', 'customer'),
  '3122': m(VENDOR_REFUSED, 'The renewal cannot be placed now', 'customer'),
  RETURN_QTY_EXCEEDS_REMAINING: m(INVALID_FIELD, 'More units than the line has left to return', 'items'),
  RETURN_ORDER_NOT_COMPLETE: m(VENDOR_REFUSED, 'The order is still being processed; return it once it is complete', 'order'),
};

/** 2141-2148: flex discounts and pricing. */
const DISCOUNT_FAMILY = m(INVALID_FIELD, 'Adobe refused the discount or its pricing', 'items');
/** Other 422 answers: partial-return rules Adobe names with string codes. */
const RETURN_FAMILY = m(VENDOR_REFUSED, 'Adobe refused the return', 'order');

/**
 * Codes that are no shopper's doing: credentials, our own headers, Adobe's availability. They become faults
 * (VENDOR_UNAVAILABLE), never userErrors. 4122 ("already processing") means the same correlation id is still being
 * worked on, so the outcome is unknown and must be reconciled.
 */
const FAULT_CODES = new Set(['4115', '4116', '4117', '4119', '4120', '4121', '5122']);
const IN_PROGRESS_CODE = '4122';

/**
 * Credential refusals [C: README §4, 403 4115 "bad API key", 401 4116 "bad token"]: configuration, not a transient
 * fault, so VENDOR_AUTH_FAILED naming the variables to check. A 401 reaches here only after the token was renewed
 * once and the fresh token was refused too: the IMS integration is not one the partner API accepts.
 */
const CREDENTIAL_CODES: Record<string, readonly string[]> = {
  '4115': ['ADOBE_API_KEY', 'ADOBE_CLIENT_ID'],
  '4116': ['ADOBE_CLIENT_ID', 'ADOBE_CLIENT_SECRET', 'ADOBE_IMS_URL'],
};

const CART_LINE_FIELDS: Record<string, string> = {
  extLineItemNumber: 'lineNumber',
  offerId: 'offeringId',
  quantity: 'quantity',
  currencyCode: 'currencyCode',
  deploymentId: 'deploymentId',
  discountCode: 'discountCode',
};
const RETURN_LINE_FIELDS: Record<string, string> = { extLineItemNumber: 'lineId', offerId: 'lineId', quantity: 'quantity' };

function slotField(slot: Slot | undefined, context: AdobeErrorContext): string[] | null {
  switch (slot) {
    case 'items':
      return context === 'cart' ? ['items'] : context === 'return' ? ['lines'] : null;
    case 'order':
      return context === 'return' ? ['orderId'] : null;
    case 'customer':
      return context === 'renewal' ? ['customerId'] : null;
    case 'externalReference':
      return context === 'cart' ? ['input', 'externalReferenceId'] : null;
    case 'after':
      return ['after'];
    default:
      return null;
  }
}

/**
 * One of Adobe's `additionalDetails` entries as a graph field path, or null when it names no field the caller sent
 * (a reason code, say). Lines are sent in the order of the cart's items or of the return's lines, so
 * `lineItems[k]` is item or line k.
 */
export function adobeDetailToField(detail: string, context: AdobeErrorContext): string[] | null {
  const line = /^lineItems\[(\d{1,3})\](?:\.([A-Za-z]+))?$/.exec(detail);
  if (line) {
    const [, k, prop] = line;
    if (context === 'cart') return prop && CART_LINE_FIELDS[prop] ? ['items', k, CART_LINE_FIELDS[prop]] : ['items', k];
    if (context === 'return') return prop && RETURN_LINE_FIELDS[prop] ? ['lines', k, RETURN_LINE_FIELDS[prop]] : ['lines', k];
    return null;
  }
  if (detail === 'lineItems') return slotField('items', context);
  if (detail === 'externalReferenceId') return slotField('externalReference', context);
  if (detail === 'referenceOrderId') return slotField('order', context);
  if (detail === 'currencyCode') return slotField('items', context);
  if (detail === 'offset') return ['after'];
  if (detail === 'limit') return ['first'];
  return null;
}

function mappingFor(code: string | null, status: number): Mapping {
  if (code && ADOBE_ERROR_CODES[code]) return ADOBE_ERROR_CODES[code];
  if (code && /^214[1-8]$/.test(code)) return DISCOUNT_FAMILY;
  if (status === 422) return RETURN_FAMILY;
  if (status === 404) return m(VENDOR_REFUSED, 'Adobe does not know what was asked for');
  return m(VENDOR_REFUSED, 'Adobe refused the request');
}

/**
 * A 4xx answer as userErrors: one per field Adobe names in `additionalDetails` (or one pointing at the default
 * field), with a stable code and Adobe's own in `vendorCode`. Adobe's free text is not passed on.
 */
export function adobeUserErrors(response: VendorResponse, context: AdobeErrorContext): UserError[] {
  const body = (response.body && typeof response.body === 'object' ? response.body : {}) as Record<string, unknown>;
  const vendorCode = typeof body.code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(body.code) ? body.code : null;
  const mapped = mappingFor(vendorCode, response.status);
  const details = Array.isArray(body.additionalDetails) ? body.additionalDetails.filter((d): d is string => typeof d === 'string') : [];
  const fields = details.map((d) => adobeDetailToField(d, context)).filter((f): f is string[] => f !== null);
  const unique = [...new Map(fields.map((f) => [f.join('.'), f])).values()];
  const paths = unique.length > 0 ? unique : [slotField(mapped.slot, context)];
  return paths.map((field) => ({ code: mapped.code, message: mapped.message, field, vendorCode }));
}

/**
 * What a 4xx answer means for the caller: a VendorRefusal carrying userErrors, or a VendorCallError for the codes
 * that are faults (credentials, headers, availability, a correlation id still being processed).
 */
export function adobeRejection(response: VendorResponse, context: AdobeErrorContext, route: string): VendorRefusal | VendorCallError {
  const body = (response.body && typeof response.body === 'object' ? response.body : {}) as Record<string, unknown>;
  const code = typeof body.code === 'string' ? body.code : '';
  if (code === IN_PROGRESS_CODE)
    return new VendorCallError('unavailable', 'Adobe', route, true, `Adobe is still processing this correlation id (${code})`, response.status);
  const credentials = CREDENTIAL_CODES[code] ?? (response.status === 401 ? CREDENTIAL_CODES['4116'] : undefined);
  if (credentials)
    return new VendorCallError(
      'auth_failed',
      'Adobe',
      route,
      false,
      `Adobe refused the credentials (HTTP ${response.status}, code ${code.slice(0, 16)})`,
      response.status,
      credentials,
    );
  if (FAULT_CODES.has(code) || response.status === 401 || response.status === 403) {
    return new VendorCallError(
      'unavailable',
      'Adobe',
      route,
      false,
      `Adobe refused the call itself (HTTP ${response.status}, code ${code.slice(0, 16)})`,
      response.status,
    );
  }
  return new VendorRefusal(adobeUserErrors(response, context));
}
