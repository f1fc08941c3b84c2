import { RequestPart, RequestTable } from '../request-table';

const C = (name: string, source: string): RequestPart => ({ name, source });
const ORDER = '[C] README §4 POST /v3/customers/{customerId}/orders body; seed 004';
const LINE =
  '[C] README §4 lineItems[]{extLineItemNumber, offerId, quantity, currencyCode, deploymentId, discountCode, subscriptionId (RENEWAL / PREVIEW_RENEWAL)}';

const PARTNER_HEADERS = [
  C('accept', '[C] seed 004: Accept application/json, required'),
  C('authorization', '[C] README §4 / seed 004: Authorization Bearer <IMS token>'),
  C('x-api-key', '[C] README §4 / seed 004: X-Api-Key, required'),
  C('x-correlation-id', '[C] README §4: required, unique per intent (derived from the caller and idempotency key; fresh for previews and reads)'),
  C('x-request-id', '[C] README §4 / seed 004: unique per request (fresh for every attempt)'),
];

/** Every request the Adobe adapter can send, with its source (README §4). */
export const ADOBE_REQUESTS: RequestTable = {
  vendor: 'Adobe VIP Marketplace',
  bases: { main: 'ADOBE_BASE_URL', ims: 'ADOBE_IMS_URL' },
  requests: [
    {
      method: 'POST',
      path: '/token/v3',
      base: 'ims',
      source: '[C] README §4 Adobe IMS OAuth server-to-server (client credentials, metascope ent_partners_sdk)',
      headers: [C('accept', '[C] README §4'), C('content-type', '[C] OAuth2 form body')],
      query: [],
      body: [
        C('grant_type', '[C] README §4 IMS OAuth server-to-server'),
        C('client_id', '[C] README §4 IMS'),
        C('client_secret', '[C] README §4 IMS'),
        C('scope', '[C] README §4 metascope ent_partners_sdk'),
      ],
    },
    {
      method: 'POST',
      path: '/v3/customers/{customerId}/orders',
      source: '[C] README §4 create order: NEW, PREVIEW, RETURN, PREVIEW_RENEWAL, RENEWAL; seed 004',
      headers: [...PARTNER_HEADERS, C('content-type', '[C] seed 004: Content-Type application/json, required')],
      query: [C('fetch-price', '[C] README §4 pricing with ?fetch-price=true')],
      body: [
        C('orderType', ORDER),
        C('externalReferenceId', ORDER),
        C('referenceOrderId', '[C] README §4 referenceOrderId (RETURN only)'),
        C('lineItems', ORDER),
        ...['extLineItemNumber', 'offerId', 'quantity', 'currencyCode', 'deploymentId', 'discountCode', 'subscriptionId'].map((f) =>
          C(`lineItems[].${f}`, LINE),
        ),
      ],
    },
    {
      method: 'GET',
      path: '/v3/customers/{customerId}/orders/{orderId}',
      source: '[C] README §4 GET /v3/customers/{c}/orders/{o}',
      headers: PARTNER_HEADERS,
      query: [C('fetch-price', '[C] README §4 fetch-price')],
      body: [],
    },
    {
      method: 'GET',
      path: '/v3/customers/{customerId}/orders',
      source: '[C] README §4 GET /v3/customers/{c}/orders: limit 1..100, offset, fetch-price; newest first',
      headers: PARTNER_HEADERS,
      query: [C('limit', '[C] README §4 list query'), C('offset', '[C] README §4 list query'), C('fetch-price', '[C] README §4 list query')],
      body: [],
    },
  ],
};
