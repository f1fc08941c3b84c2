/**
 * What Adobe's VIP Marketplace docs allow, for the simulator's strict mode. Written from shared/vendors/README.md §4
 * and seed 004 only (never from the adapter). An unexpected body field is Adobe's 1121 [C].
 */
import type { StrictContract, StrictViolation, SimResponse } from '../kit';

const ORDER = '[C] README §4 POST /v3/customers/{customerId}/orders body; seed 004';
const LINE =
  '[C] README §4 lineItems[1..499]{extLineItemNumber, offerId, quantity, currencyCode, deploymentId, discountCode, flexDiscountCodes[], subscriptionId}';
const LIST = '[C] README §4 GET /v3/customers/{c}/orders query';
const EVERY = '[C] README §4 headers on every call; seed 004 request header table';

const partnerHeaders = {
  authorization: '[C] README §4 all calls except /ping need Authorization: Bearer',
  'x-api-key': '[C] README §4 X-Api-Key; seed 004 "Required. The API Key"',
  'x-correlation-id': '[C] README §4 X-Correlation-Id required (missing → 4119)',
  accept: `${EVERY}: Accept application/json`,
};

export const ADOBE_STRICT_CONTRACT: StrictContract = {
  'POST /ims/token/v3': {
    source: '[C] README §4 Adobe IMS OAuth server-to-server (client credentials, metascope ent_partners_sdk)',
    body: {
      grant_type: '[C] README §4 IMS OAuth server-to-server',
      client_id: '[C] README §4 IMS',
      client_secret: '[C] README §4 IMS',
      scope: '[C] README §4 metascope',
    },
  },
  'POST /v3/customers/:customerId/orders': {
    source: '[C] README §4 POST /v3/customers/{customerId}/orders; seed 004',
    requiredHeaders: { ...partnerHeaders, 'content-type': `${EVERY}: Content-Type application/json` },
    query: { 'fetch-price': '[C] README §4 PREVIEW pricing only with ?fetch-price=true' },
    body: {
      externalReferenceId: ORDER,
      currencyCode: ORDER,
      orderType: ORDER,
      referenceOrderId: ORDER,
      lineItems: ORDER,
      'lineItems[].extLineItemNumber': LINE,
      'lineItems[].offerId': LINE,
      'lineItems[].quantity': LINE,
      'lineItems[].currencyCode': LINE,
      'lineItems[].deploymentId': LINE,
      'lineItems[].discountCode': LINE,
      'lineItems[].flexDiscountCodes': LINE,
      'lineItems[].subscriptionId': LINE,
    },
  },
  'GET /v3/customers/:customerId/orders': {
    source: '[C] README §4 GET /v3/customers/{c}/orders',
    requiredHeaders: partnerHeaders,
    query: {
      'order-type': LIST,
      'reseller-id': LIST,
      status: LIST,
      'reference-order-id': LIST,
      'offer-id': LIST,
      'start-date': LIST,
      'end-date': LIST,
      limit: LIST,
      offset: LIST,
      'fetch-price': LIST,
    },
  },
  'GET /v3/customers/:customerId/orders/:orderId': {
    source: '[C] README §4 GET /v3/customers/{c}/orders/{o}',
    requiredHeaders: partnerHeaders,
    query: { 'fetch-price': '[C] README §4 fetch-price on order reads' },
  },
};

/** A strict refusal in Adobe's error body `{code, message, additionalDetails}` with the documented codes. */
export function adobeStrictRefusal(violation: StrictViolation): SimResponse {
  if (violation.kind === 'missing-header') {
    switch (violation.name) {
      case 'x-api-key':
        return { status: 403, body: { code: '4115', message: 'Invalid API key', additionalDetails: [] } };
      case 'authorization':
        return { status: 403, body: { code: '4117', message: 'Authorization token is missing', additionalDetails: [] } };
      case 'x-correlation-id':
        return { status: 400, body: { code: '4119', message: 'X-Correlation-Id is required', additionalDetails: [] } };
      default:
        return { status: 400, body: { code: '1122', message: 'Missing required field', additionalDetails: [violation.name] } };
    }
  }
  if (violation.kind === 'unknown-query')
    return { status: 400, body: { code: '1117', message: 'Some Fields are Invalid', additionalDetails: [violation.name] } };
  return { status: 400, body: { code: '1121', message: 'Unexpected fields', additionalDetails: [violation.name] } };
}
