import type { SimResponse } from '../kit';

/**
 * Error codes the AT&T simulator answers with. Only `EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002`,
 * `SUBMITCHANGE_INVALID_TERMS_EXIST` and `SHOPPING_SUBMIT_CART_BACKEND_CART_API_FAILURE` appear in AT&T's published
 * tables; the others are invented in the same style [I]. The table with statuses is at the top of att.simulator.ts.
 */
export const AttErrorCode = {
  REQUEST_INVALID: 'EXTSALESOPS-REQUEST-VALIDATION-0001',
  CHANNEL_INVALID: 'EXTSALESOPS-CART_CREATE-CHANNEL-0001',
  CUSTOMER_PARTY_REQUIRED: 'EXTSALESOPS-CART_CREATE-RELATED_PARTY-0001',
  CUSTOMER_NOT_FOUND: 'EXTSALESOPS-CART_CREATE-CUSTOMER-0404',
  CART_NOT_FOUND: 'EXTSALESOPS-SHOPPING_CART-0404',
  CART_ITEM_NOT_FOUND: 'EXTSALESOPS-SHOPPING_CART_ITEM-0404',
  CART_ALREADY_SUBMITTED: 'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0001',
  MISSING_REQUIRED_ITEMS: 'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002',
  OFFER_NOT_FOUND: 'EXTSALESOPS-CART_ITEMS-OFFER-0001',
  OFFER_TYPE_MISMATCH: 'EXTSALESOPS-CART_ITEMS-OFFER-0002',
  PRODUCT_NOT_INSTALLED: 'EXTSALESOPS-CART_ITEMS-PRODUCT-0001',
  QUANTITY_INVALID: 'EXTSALESOPS-CART_ITEMS-QUANTITY-0001',
  APPNAME_REQUIRED: 'EXTSALESOPS-EXPRESS_SUBMIT-APPNAME-0001',
  CARD_NUMBER_NOT_ACCEPTED: 'PAYMENT_CARD_NUMBER_NOT_ACCEPTED',
  PAYMENT_METHOD_INVALID: 'PAYMENT_METHOD_INVALID',
  FULFILLMENT_OPTION_INVALID: 'FULFILLMENT_OPTION_INVALID',
  TERMS_MISSING: 'SUBMITCHANGE_INVALID_TERMS_EXIST',
  APPOINTMENT_REQUIRED: 'INSTALLATION_APPOINTMENT_REQUIRED',
  RESOURCE_NOT_FOUND: 'EXTSALESOPS-RESOURCE-0404',
  METHOD_NOT_ALLOWED: 'EXTSALESOPS-RESOURCE-0405',
  PAYLOAD_TOO_LARGE: 'EXTSALESOPS-REQUEST-0413',
  BACKEND_FAILURE: 'SHOPPING_SUBMIT_CART_BACKEND_CART_API_FAILURE',
  RATE_LIMITED: 'EXTSALESOPS-RATE_LIMIT-0429',
  INTERNAL: 'EXTSALESOPS-INTERNAL-0500',
  UPSTREAM: 'EXTSALESOPS-UPSTREAM-0503',
} as const;

export type AttErrorCodeValue = (typeof AttErrorCode)[keyof typeof AttErrorCode];

/** The TMF Error envelope plus AT&T's `details` object; the exact AT&T envelope is undocumented [U]. */
export interface AttErrorBody {
  code: string;
  reason: string;
  message: string;
  status: string;
  details?: Record<string, unknown>;
}

/** A refusal raised anywhere in the simulator and answered as a TMF error. */
export class AttError extends Error {
  override readonly name = 'AttError';

  constructor(
    readonly status: number,
    readonly code: AttErrorCodeValue,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toBody(): AttErrorBody {
    const body: AttErrorBody = { code: this.code, reason: this.reason, message: this.message, status: String(this.status) };
    if (this.details) body.details = this.details;
    return body;
  }

  toResponse(): SimResponse {
    return { status: this.status, body: this.toBody() };
  }
}

/** A 400 for a request body that breaks the contract, naming the field at fault. */
export function invalidRequest(field: string, message: string): AttError {
  return new AttError(400, AttErrorCode.REQUEST_INVALID, 'Invalid request', message, { field });
}

/** Error bodies for statuses the kit answers itself (unknown route, faults, crashes). */
export function attErrorBodyFor(status: number, message: string): AttErrorBody {
  const code =
    status === 404
      ? AttErrorCode.RESOURCE_NOT_FOUND
      : status === 405
        ? AttErrorCode.METHOD_NOT_ALLOWED
        : status === 413
          ? AttErrorCode.PAYLOAD_TOO_LARGE
          : status === 417
            ? AttErrorCode.BACKEND_FAILURE
            : status === 429
              ? AttErrorCode.RATE_LIMITED
              : status === 500
                ? AttErrorCode.INTERNAL
                : status > 500
                  ? AttErrorCode.UPSTREAM
                  : AttErrorCode.REQUEST_INVALID;
  const reason = status >= 500 ? 'Service error' : status === 429 ? 'Too many requests' : 'Request failed';
  return { code, reason, message, status: String(status) };
}
