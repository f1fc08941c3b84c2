/**
 * What Oracle's Agent API docs allow, for the simulator's strict mode. Written from shared/vendors/README.md §3 and
 * seed 003 only (never from the adapter). Dynamic properties are flat top-level key/values [C], so unknown top-level
 * scalars pass; unknown objects, arrays and nested fields are refused.
 */
import type { StrictContract, StrictViolation, SimResponse } from '../kit';
import { OracleErrorCode } from './oracle.errors';

const AGENT = '/ccagent/v1';
const BODY = '[C] README §3 request body (seen in examples)';
const SEED = '[C] seed 003 createOrder_request example';
const PAY =
  '[C] README §3 payments[{type, amount, paymentGroupId, PONumber, cardNumber, cardType, nameOnCard, endMonth, endYear, cardCVV, giftCardNumber, giftCardPin, customProperties{}}]';
const ITEM = '[C] README §3 shoppingCart.items[{productId, catRefId, quantity, externalPrice, …, childItems[], externalData[]}]; seed 003';
const BEARER = '[C] README §3 auth: OAuth2 bearer on every agent call (token value from login)';

const addressFields = [
  'firstName',
  'middleName',
  'lastName',
  'prefix',
  'suffix',
  'jobTitle',
  'companyName',
  'address1',
  'address2',
  'address3',
  'city',
  'county',
  'state',
  'postalCode',
  'country',
  'phoneNumber',
  'faxNumber',
  'email',
];

const orderBody: Record<string, string> = {
  op: '[C] README §3 op: createOrder, createNewCart, priceOrder, preAuthorizeOrder, submitOrder, resendOrdersForFulfillment',
  id: '[C] README §3 POST /ccagent/v1/orders/reprice {id}: an existing order is named by id',
  orders: '[C] README §3 resendOrdersForFulfillment takes orders[]',
  'orders[]': '[C] README §3 resendOrdersForFulfillment takes orders[]',
  profileId: BODY,
  soldTo: BODY,
  'soldTo.partyId': BODY,
  'soldTo.partyNumber': BODY,
  isAnonymousCheckout: BODY,
  appliedPromotions: BODY,
  'appliedPromotions[]': BODY,
  shippingMethod: BODY,
  'shippingMethod.value': BODY,
  shippingAddress: BODY,
  billingAddress: BODY,
  'billingAddress.*': '[C] seed 003 "Nested Schema : billingAddress" (fields as the shipping address)',
  shippingGroups: BODY,
  'shippingGroups[].*': '[C] seed 003 "Nested Schema : shippingGroups" (contents not shown)',
  payments: PAY,
  requestChannel: SEED,
  schedule: BODY,
  'schedule.*': '[C] seed 003 "Nested Schema : schedule"',
  shoppingCart: BODY,
  'shoppingCart.coupons': BODY,
  'shoppingCart.items': ITEM,
};
for (const f of addressFields) orderBody[`shippingAddress.${f}`] = SEED;
for (const f of [
  'type',
  'amount',
  'paymentGroupId',
  'PONumber',
  'cardNumber',
  'cardType',
  'nameOnCard',
  'endMonth',
  'endYear',
  'cardCVV',
  'giftCardNumber',
  'giftCardPin',
  'customProperties',
])
  orderBody[`payments[].${f}`] = PAY;
orderBody['payments[].customProperties.*'] = '[C] seed 003 "Nested Schema : customProperties … Additional Properties Allowed"';
for (const f of ['code', 'level', 'id', 'description', 'status', 'totalAdjustment']) orderBody[`shoppingCart.coupons[].${f}`] = BODY;
for (const f of [
  'productId',
  'catRefId',
  'quantity',
  'externalPrice',
  'externalPriceQuantity',
  'externalRecurringCharge',
  'externalRecurringChargeFrequency',
  'externalRecurringChargeDuration',
  'billingAccountId',
  'serviceAccountId',
  'customerAccountId',
  'deactivationDate',
  'commerceItemId',
  'shopperInput',
  'childItems',
  'externalData',
])
  orderBody[`shoppingCart.items[].${f}`] = ITEM;
orderBody['shoppingCart.items[].shopperInput.*'] = '[C] seed 003 "shopperInput … Additional Properties Allowed"';
orderBody['shoppingCart.items[].childItems[].*'] = '[C] seed 003 childItems example (commerce items nested)';
orderBody['shoppingCart.items[].externalData[].*'] = '[C] seed 003 "Nested Schema : externalData"';

export const ORACLE_STRICT_CONTRACT: StrictContract = {
  [`POST ${AGENT}/login`]: {
    source: '[C] README §3 auth pattern: form grant_type=password&username&password (agent path: project decision [I])',
    body: { grant_type: '[C] README §3 auth', username: '[C] README §3 auth', password: '[C] README §3 auth' },
  },
  [`POST ${AGENT}/orders`]: {
    source: '[C] README §3 POST /ccagent/v1/orders (operationId createOrder); seed 003',
    requiredHeaders: { authorization: BEARER },
    body: orderBody,
    openTopLevelScalars: true,
  },
  [`GET ${AGENT}/orders/:id`]: {
    source: '[C] README §3 GET /ccagent/v1/orders/{id} (?includeResult=full)',
    requiredHeaders: { authorization: BEARER },
    query: { includeResult: '[C] README §3 GET /ccagent/v1/orders/{id}?includeResult=full' },
  },
  [`PUT ${AGENT}/orders/:id`]: {
    source: '[C] README §3 PUT /ccagent/v1/orders/{id}',
    requiredHeaders: { authorization: BEARER },
    body: Object.fromEntries(Object.entries(orderBody).filter(([k]) => !k.startsWith('op') && !k.startsWith('orders') && k !== 'id')),
    openTopLevelScalars: true,
  },
};

/** A strict refusal as Oracle's error body `{message, status, errorCode}` (strings) [C]; the code is the simulator's own [I]. */
export function oracleStrictRefusal(violation: StrictViolation): SimResponse {
  if (violation.kind === 'missing-header')
    return { status: 401, body: { message: 'Authorization required', status: '401', errorCode: OracleErrorCode.TOKEN_MISSING } };
  const what = violation.kind === 'unknown-query' ? 'query parameter' : 'property';
  return {
    status: 400,
    body: { message: `Unknown ${what} ${violation.name}`, status: '400', errorCode: OracleErrorCode.REQUEST_INVALID, 'o:errorPath': violation.name },
  };
}
