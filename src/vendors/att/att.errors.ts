import { UserError, UserErrorCode } from '../../common/user-error.type';
import { VendorResponse } from '../../http/vendor-http';

type Mapping = { code: UserErrorCode; message: string; field?: string[] };

/**
 * AT&T refusal codes to stable userError codes. AT&T publishes (HTTP, code, text) tables; the codes marked [C] are
 * from them, the others follow the same naming and are matched by the area their name embeds.
 */
const CODES: Record<string, Mapping> = {
  'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002': { code: UserErrorCode.CART_EMPTY, message: 'The cart has no items to submit' }, // [C]
  SUBMITCHANGE_INVALID_TERMS_EXIST: { code: UserErrorCode.TERMS_NOT_ACCEPTED, message: 'Required terms were not accepted', field: ['input', 'acceptedTerms'] }, // [C]
  // Answered with HTTP 500 [C]: a refusal, not a fault (see PENDING_ORDER in the adapter).
  'EXTSALESOPS-CART_CREATE-OAV-0013': {
    code: UserErrorCode.VENDOR_REFUSED,
    message: 'The customer has a pending order: AT&T opens no new cart until it completes',
    field: ['input', 'customerId'],
  },
  'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0001': { code: UserErrorCode.CART_NOT_EDITABLE, message: 'The cart was already submitted and cannot change' },
  INSTALLATION_APPOINTMENT_REQUIRED: {
    code: UserErrorCode.APPOINTMENT_REQUIRED,
    message: 'An installation appointment from the checkout options is required',
    field: ['input', 'installationAppointmentId'],
  },
  PAYMENT_CARD_NUMBER_NOT_ACCEPTED: { code: UserErrorCode.PAYMENT_REFUSED, message: 'Cards must be sent as a token', field: ['input', 'payments'] },
  PAYMENT_METHOD_INVALID: { code: UserErrorCode.PAYMENT_REFUSED, message: 'AT&T refused the payment method', field: ['input', 'payments'] },
  FULFILLMENT_OPTION_INVALID: {
    code: UserErrorCode.INVALID_FIELD,
    message: 'That fulfilment option is not offered for this cart',
    field: ['input', 'fulfillmentOptionId'],
  },
};

/** Code families by the area named inside the code. */
const FAMILIES: [RegExp, Mapping][] = [
  [/SHOPPING_CART_ITEM-0404/, { code: UserErrorCode.ITEM_NOT_FOUND, message: 'No such item in this cart', field: ['itemIds'] }],
  [/SHOPPING_CART-0404/, { code: UserErrorCode.CART_NOT_FOUND, message: 'No such cart', field: ['cartId'] }],
  [/CUSTOMER|RELATED_PARTY/, { code: UserErrorCode.CUSTOMER_NOT_FOUND, message: 'AT&T does not know this customer', field: ['input', 'customerId'] }],
  [/OFFER-0001/, { code: UserErrorCode.OFFERING_NOT_FOUND, message: 'AT&T does not offer this item', field: ['items'] }],
  [/OFFER/, { code: UserErrorCode.INVALID_FIELD, message: 'The product type does not match the offering', field: ['items'] }],
  [/PRODUCT/, { code: UserErrorCode.PRODUCT_NOT_FOUND, message: 'The customer has no such product', field: ['items'] }],
  [/QUANTITY/, { code: UserErrorCode.INVALID_FIELD, message: 'AT&T does not accept this quantity', field: ['items'] }],
  [/CHANNEL/, { code: UserErrorCode.INVALID_FIELD, message: 'AT&T does not accept this sales channel', field: ['input', 'channel'] }],
  [/VALIDATION/, { code: UserErrorCode.INVALID_FIELD, message: 'AT&T found a field it could not accept' }],
];

const BY_STATUS: Record<number, Mapping> = {
  404: { code: UserErrorCode.CART_NOT_FOUND, message: 'No such cart' },
  409: { code: UserErrorCode.VENDOR_REFUSED, message: 'AT&T could not accept the cart as it is' },
};

function one(vendorCode: string | null, status: number): UserError {
  const mapped = (vendorCode && (CODES[vendorCode] ?? FAMILIES.find(([re]) => re.test(vendorCode))?.[1])) ||
    BY_STATUS[status] || { code: UserErrorCode.VENDOR_REFUSED, message: 'AT&T refused the request' };
  return { code: mapped.code, message: mapped.message, field: mapped.field ?? null, vendorCode };
}

/**
 * A 4xx answer as userErrors: the TMF error's code (or the codes of a 409's validation messages), mapped to stable
 * codes with AT&T's own code kept in `vendorCode`. The vendor's free text is not passed on: it may hold internals.
 */
export function attUserErrors(response: VendorResponse): UserError[] {
  const body = (response.body && typeof response.body === 'object' ? response.body : {}) as Record<string, unknown>;
  const error = (body.error && typeof body.error === 'object' ? body.error : body) as Record<string, unknown>;
  const productOrder = body.productOrder as { validation?: { messages?: { code?: unknown }[] } } | undefined;
  const validationCodes = (productOrder?.validation?.messages ?? [])
    .map((m) => (typeof m?.code === 'string' ? m.code : null))
    .filter((c): c is string => c !== null);
  const codes = [...new Set([...(typeof error.code === 'string' ? [error.code] : []), ...validationCodes])];
  if (codes.length === 0) return [one(null, response.status)];
  return codes.map((c) => one(c, response.status));
}
