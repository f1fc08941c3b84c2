/**
 * Oracle Commerce agent API wire types, as far as Oracle's createOrder / getOrder / updateOrder schemas show them
 * (see shared/vendors/README.md §3). Amounts are bare JSON numbers with a `currencyCode` beside them; error
 * `status` and `errorCode` are strings. Fields marked [I] are inferred, not documented for the agent API.
 */

/** Every op of `POST /ccagent/v1/orders` this adapter sends. */
export type OracleOp = 'createNewCart' | 'createOrder' | 'priceOrder' | 'preAuthorizeOrder' | 'submitOrder' | 'resendOrdersForFulfillment';

/** A commerce item in a request. `commerceItemId` keeps an existing item when the item list is replaced [I]. */
export interface OracleItemRequest {
  commerceItemId?: string;
  productId: string;
  catRefId?: string;
  quantity: number;
  shopperInput?: Record<string, string>;
  childItems?: OracleItemRequest[];
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
}

/**
 * A payment in preAuthorizeOrder / submitOrder. Oracle documents `cardNumber`, `cardCVV`, `giftCardNumber` and
 * `giftCardPin`; this subgraph never sends them: cards and gift cards travel as tokens from a payment vault [I].
 */
export interface OraclePaymentRequest {
  type: 'card' | 'invoice' | 'physicalGiftCard';
  amount?: number;
  cardType?: string;
  nameOnCard?: string;
  endMonth?: number;
  endYear?: number;
  PONumber?: string;
  /** Documented free-form object [C]; the vault token and last four travel here (no doc shows a token field). */
  customProperties?: { cardToken?: string; lastFour?: string; giftCardToken?: string };
}

export interface OracleCouponRequest {
  code: string;
}

/**
 * Order changes for createNewCart / createOrder and `PUT /orders/{id}`. Dynamic properties are flat top-level
 * keys beside these members [C], hence the index signature.
 */
export interface OracleOrderChanges {
  shoppingCart?: { items?: OracleItemRequest[]; coupons?: OracleCouponRequest[] };
  shippingAddress?: OracleAddress;
  billingAddress?: OracleAddress;
  shippingMethod?: { value: string };
  [dynamicProperty: string]: unknown;
}

/** Request members that a dynamic property name must never overwrite. */
export const RESERVED_ORDER_KEYS: ReadonlySet<string> = new Set([
  'op',
  'id',
  'profileId',
  'shoppingCart',
  'shippingAddress',
  'billingAddress',
  'shippingMethod',
  'shippingGroups',
  'payments',
  'orders',
  'soldTo',
  'schedule',
  'requestChannel',
  'isAnonymousCheckout',
  'appliedPromotions',
]);

/** Oracle's error body: single `{message, status, errorCode}` or multi `{message, status, errors[]}` [C]. */
export interface OracleErrorBody {
  message?: string;
  status?: string;
  errorCode?: string;
  /** Names the request field at fault (from Oracle's full error model) [C for the member]. */
  'o:errorPath'?: string;
  errors?: { message?: string; status?: string; errorCode?: string; 'o:errorPath'?: string }[];
}

/** The login answer [C for `access_token`, `token_type`; `expires_in` from Oracle's examples]. */
export interface OracleLoginResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number | string;
}
