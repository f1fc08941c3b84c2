import type { SimResponse } from '../kit';

/**
 * Error codes the Adobe simulator answers with. Numeric codes and their meanings are from Adobe's published code
 * list; where Adobe gives a range without a meaning per code (2130-2134 returns, 3115/3121/3122 renewals, 2141+
 * discounts) the simulator's reading is marked [I]. The string codes on 422 follow Adobe's partial-return style.
 */
export const AdobeErrorCode = {
  INVALID_CUSTOMER: '1116',
  INVALID_FIELDS: '1117',
  UNEXPECTED_FIELDS: '1121',
  MISSING_FIELDS: '1122',
  INTERNAL: '1124',
  OFFSET_BEYOND_TOTAL: '1133',
  INVALID_ORDER: '2115',
  TOO_MANY_LINES: '2119',
  QUANTITY_OUT_OF_RANGE: '2120',
  DUPLICATE_LINE_NUMBER: '2121',
  INVALID_OFFER: '2122',
  LINE_NUMBER_OUT_OF_RANGE: '2123',
  EXTERNAL_REFERENCE_TOO_LONG: '2126',
  CURRENCY_INVALID_FOR_OFFER: '2128',
  /** [I] the reference order is unknown, not a NEW or RENEWAL, or failed. */
  RETURN_REFERENCE_INVALID: '2130',
  /** [I] a return line matches no line of the reference order by extLineItemNumber and offerId. */
  RETURN_LINE_MISMATCH: '2131',
  /** [I] a return line's currency differs from the reference order's. */
  RETURN_CURRENCY_MISMATCH: '2132',
  /** [I] the line (or the whole reference order) was already returned in full. */
  RETURN_ALREADY_RETURNED: '2133',
  /** [I] the reference order is older than the return window. */
  RETURN_WINDOW_EXPIRED: '2134',
  NO_AUTO_RENEWAL: '2136',
  CURRENCY_NOT_ALIGNED: '2137',
  INVALID_DEPLOYMENT: '2138',
  MIXED_CURRENCY_LEVELS: '2140',
  /** [I] a discount code the program does not know. */
  INVALID_DISCOUNT_CODE: '2141',
  /** [I] a renewal line names a subscription that is not the customer's or does not renew. */
  RENEWAL_SUBSCRIPTION_INVALID: '3115',
  /** [I] the customer's renewal was already placed in this renewal window. */
  RENEWAL_ALREADY_PLACED: '3121',
  INVALID_API_KEY: '4115',
  INVALID_TOKEN: '4116',
  MISSING_TOKEN: '4117',
  RATE_LIMITED: '4118',
  MISSING_CORRELATION_ID: '4119',
  DUPLICATE_REQUEST_ID: '4120',
  RETURN_QTY_EXCEEDS_REMAINING: 'RETURN_QTY_EXCEEDS_REMAINING',
  /** [I] a return against an order that is still being processed (1002). */
  RETURN_ORDER_NOT_COMPLETE: 'RETURN_ORDER_NOT_COMPLETE',
  RESOURCE_NOT_FOUND: 'RESOURCE_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
} as const;

export type AdobeErrorCodeValue = (typeof AdobeErrorCode)[keyof typeof AdobeErrorCode];

/** Adobe's error body: `code` is always a string; `additionalDetails` names fields or reason codes. */
export interface AdobeErrorBody {
  code: string;
  message: string;
  additionalDetails?: string[];
}

/** A refusal raised anywhere in the simulator and answered in Adobe's error envelope. */
export class AdobeError extends Error {
  override readonly name = 'AdobeError';

  constructor(
    readonly status: number,
    readonly code: AdobeErrorCodeValue,
    message: string,
    readonly additionalDetails?: string[],
  ) {
    super(message);
  }

  toBody(): AdobeErrorBody {
    return { code: this.code, message: this.message, ...(this.additionalDetails?.length ? { additionalDetails: this.additionalDetails } : {}) };
  }

  toResponse(headers?: Record<string, string>): SimResponse {
    return { status: this.status, headers, body: this.toBody() };
  }
}

/** 400 1117 naming the fields at fault. */
export function invalidFields(fields: string[], message = 'Some Fields are Invalid'): AdobeError {
  return new AdobeError(400, AdobeErrorCode.INVALID_FIELDS, message, fields);
}

/** Error bodies for statuses the kit answers itself (unknown route, faults, crashes). */
export function adobeErrorBodyFor(status: number, message: string): AdobeErrorBody {
  const code =
    status === 404
      ? AdobeErrorCode.RESOURCE_NOT_FOUND
      : status === 405
        ? AdobeErrorCode.METHOD_NOT_ALLOWED
        : status === 413
          ? AdobeErrorCode.PAYLOAD_TOO_LARGE
          : status === 429
            ? AdobeErrorCode.RATE_LIMITED
            : status >= 500
              ? AdobeErrorCode.INTERNAL
              : AdobeErrorCode.INVALID_FIELDS;
  return { code, message };
}
