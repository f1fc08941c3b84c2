/**
 * Adobe VIP Marketplace partner API wire types, as far as Adobe's docs show them (see shared/vendors/README.md §4).
 * Amounts are bare JSON numbers with the currency on the line or in `pricingSummary`; codes are strings.
 */

export type AdobeOrderType = 'NEW' | 'RETURN' | 'PREVIEW' | 'PREVIEW_RENEWAL' | 'RENEWAL';

/** One line of a create-order body. */
export interface AdobeLineItemRequest {
  extLineItemNumber: number;
  offerId: string;
  quantity: number;
  currencyCode?: string;
  deploymentId?: string;
  discountCode?: string;
}

/**
 * The create-order body. The order-level `currencyCode` is being deprecated and is never sent: the currency
 * travels on each line, which also rules out Adobe's 2140 (both levels given).
 */
export interface AdobeOrderRequest {
  orderType: AdobeOrderType;
  externalReferenceId?: string;
  referenceOrderId?: string;
  lineItems?: AdobeLineItemRequest[];
}

/** Adobe's error body. */
export interface AdobeErrorBody {
  code?: string;
  message?: string;
  additionalDetails?: string[];
}

/** The IMS client-credentials answer. */
export interface AdobeTokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}
