/**
 * The Oracle Commerce simulator's seeded agent user, sites, organizations, shopper profiles, catalogue, coupons,
 * shipping methods and order dynamic properties (listed in the README). Prices are decimal strings per currency,
 * as a price list group would publish them; the store turns them into integer cents.
 */

export type OracleCurrency = 'USD' | 'CAD';

/** The agent user the simulator accepts at `POST /ccagent/v1/login`. */
export const ORACLE_AGENT = { username: 'agent@example.com', password: 'Agent-Sim-Passw0rd' } as const;

/** Lifetime of an agent access token, as in Oracle's login example (`expires_in: 930`). */
export const ORACLE_TOKEN_TTL_SECONDS = 930;

export interface OracleSite {
  id: string;
  name: string;
  currencyCode: OracleCurrency;
  /** Tax on the discounted item subtotal, in whole percent [I: real tax comes from a tax processor]. */
  taxRatePercent: number;
  isDefault: boolean;
}

export const ORACLE_SITES: readonly OracleSite[] = [
  { id: 'siteUS', name: 'US Store', currencyCode: 'USD', taxRatePercent: 8, isDefault: true },
  { id: 'siteCA', name: 'Canada Store', currencyCode: 'CAD', taxRatePercent: 13, isDefault: false },
];

export interface OracleOrganization {
  id: string;
  name: string;
  active: boolean;
}

export const ORACLE_ORGANIZATIONS: readonly OracleOrganization[] = [
  { id: 'or-100001', name: 'Acme Corporation', active: true },
  { id: 'or-100002', name: 'Globex Industries', active: true },
  { id: 'or-100003', name: 'Initech (closed)', active: false },
];

export interface OracleProfile {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  /** B2B memberships in preference order; the first active one is used when no X-CCOrganization is sent. */
  organizationIds: string[];
}

/** The same customer ids as the other simulators: the graph passes one customer id to every vendor. */
export const ORACLE_PROFILES: readonly OracleProfile[] = [
  { id: 'cust-1001', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', organizationIds: [] },
  { id: 'cust-1002', firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', organizationIds: [] },
  { id: 'cust-1003', firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com', organizationIds: [] },
  { id: 'cust-1004', firstName: 'Katherine', lastName: 'Johnson', email: 'katherine@example.com', organizationIds: ['or-100003', 'or-100001'] },
  { id: 'cust-1005', firstName: 'Edsger', lastName: 'Dijkstra', email: 'edsger@example.com', organizationIds: ['or-100002'] },
];

export interface OracleRecurringPrice {
  amount: Record<OracleCurrency, string>;
  frequency: 'Monthly';
}

export interface OracleSku {
  id: string;
  displayName: string;
  listPrice: Record<OracleCurrency, string>;
  recurring?: OracleRecurringPrice;
}

export interface OracleShopperInputDef {
  key: string;
  required: boolean;
  maxLength: number;
  /** Allowed values, when the input is a choice. */
  values?: readonly string[];
}

export interface OracleProduct {
  id: string;
  displayName: string;
  /** A bundle carries its parts as child items at no charge; an add-on is only ever a child item. */
  kind: 'standard' | 'bundle' | 'addOn';
  skus: OracleSku[];
  /** Products that may be child items of a bundle, priced at zero there. */
  bundleParts?: readonly string[];
  /** Add-on products that may be child items of this one. */
  addOns?: readonly string[];
  shopperInputs?: readonly OracleShopperInputDef[];
}

export const ORACLE_PRODUCTS: readonly OracleProduct[] = [
  {
    id: 'prod-phone-x',
    displayName: 'Pixel Phone X',
    kind: 'standard',
    skus: [
      { id: 'sku-phone-x-128', displayName: 'Pixel Phone X 128GB', listPrice: { USD: '699.00', CAD: '949.00' } },
      { id: 'sku-phone-x-256', displayName: 'Pixel Phone X 256GB', listPrice: { USD: '799.00', CAD: '1079.00' } },
    ],
    addOns: ['prod-gift-wrap', 'prod-device-care'],
  },
  {
    id: 'prod-plan-unl',
    displayName: 'Unlimited Talk & Data',
    kind: 'standard',
    skus: [
      {
        id: 'sku-plan-unl',
        displayName: 'Unlimited Talk & Data',
        listPrice: { USD: '0.00', CAD: '0.00' },
        recurring: { amount: { USD: '45.00', CAD: '60.00' }, frequency: 'Monthly' },
      },
    ],
  },
  {
    id: 'prod-case',
    displayName: 'Rugged Case',
    kind: 'standard',
    skus: [{ id: 'sku-case-black', displayName: 'Rugged Case, Black', listPrice: { USD: '29.99', CAD: '39.99' } }],
    addOns: ['prod-gift-wrap'],
  },
  {
    id: 'prod-earbuds',
    displayName: 'Wireless Earbuds',
    kind: 'standard',
    skus: [{ id: 'sku-earbuds', displayName: 'Wireless Earbuds', listPrice: { USD: '129.00', CAD: '169.00' } }],
    addOns: ['prod-gift-wrap'],
  },
  {
    id: 'prod-starter-bundle',
    displayName: 'Starter Bundle',
    kind: 'bundle',
    skus: [
      {
        id: 'sku-starter-bundle',
        displayName: 'Starter Bundle: Pixel Phone X with Unlimited',
        listPrice: { USD: '749.00', CAD: '999.00' },
        recurring: { amount: { USD: '40.00', CAD: '55.00' }, frequency: 'Monthly' },
      },
    ],
    bundleParts: ['prod-phone-x', 'prod-plan-unl'],
    addOns: ['prod-gift-wrap', 'prod-device-care'],
  },
  {
    id: 'prod-gift-wrap',
    displayName: 'Gift Wrap',
    kind: 'addOn',
    skus: [{ id: 'sku-gift-wrap', displayName: 'Gift Wrap', listPrice: { USD: '4.99', CAD: '6.49' } }],
    shopperInputs: [
      { key: 'message', required: true, maxLength: 120 },
      { key: 'color', required: false, maxLength: 10, values: ['red', 'green', 'gold', 'neon'] },
      { key: 'font', required: false, maxLength: 30 },
    ],
  },
  {
    id: 'prod-device-care',
    displayName: 'Device Care',
    kind: 'addOn',
    skus: [
      {
        id: 'sku-device-care',
        displayName: 'Device Care (monthly)',
        listPrice: { USD: '0.00', CAD: '0.00' },
        recurring: { amount: { USD: '9.99', CAD: '12.99' }, frequency: 'Monthly' },
      },
    ],
  },
];

export interface OracleCoupon {
  code: string;
  promotionId: string;
  description: string;
  level: 'order' | 'shipping';
  /** Percent off the item subtotal (order level) or off shipping (shipping level). */
  percentOff?: number;
  /** Fixed amount off the item subtotal, in the order's currency. */
  amountOff?: string;
  /** The coupon is claimed only when the item subtotal reaches this amount; below it stays unclaimed. */
  minimumSubtotal?: string;
  expired?: boolean;
}

export const ORACLE_COUPONS: readonly OracleCoupon[] = [
  { code: 'SAVE10', promotionId: 'promo-save10', description: 'Order Discount - 10% off', level: 'order', percentOff: 10 },
  {
    code: 'TAKE50',
    promotionId: 'promo-take50',
    description: 'Order Discount - 50 off orders of 500 or more',
    level: 'order',
    amountOff: '50.00',
    minimumSubtotal: '500.00',
  },
  { code: 'FREESHIP', promotionId: 'promo-freeship', description: 'Shipping Discount - free shipping', level: 'shipping', percentOff: 100 },
  { code: 'EXPIRED2020', promotionId: 'promo-expired2020', description: 'Order Discount - expired', level: 'order', percentOff: 20, expired: true },
];

export interface OracleShippingMethod {
  value: string;
  displayName: string;
  /** The same figure in every currency [I: real shipping comes from shipping method price lists]. */
  price: string;
}

export const ORACLE_SHIPPING_METHODS: readonly OracleShippingMethod[] = [
  { value: 'ground', displayName: 'Ground (5-7 business days)', price: '5.00' },
  { value: 'express', displayName: 'Express (1-2 business days)', price: '15.00' },
];

/** New orders get the site's default shipping method, as Oracle does [I]. */
export const ORACLE_DEFAULT_SHIPPING_METHOD = 'ground';

export interface OracleDynamicPropertyDef {
  id: string;
  label: string;
  type: 'string' | 'boolean';
  maxLength?: number;
}

/** Order dynamic properties configured on the simulated instance; sent as flat top-level keys in request bodies. */
export const ORACLE_ORDER_DYNAMIC_PROPERTIES: readonly OracleDynamicPropertyDef[] = [
  { id: 'dynamicPropertyShippingInstructions', label: 'Shipping Instructions', type: 'string', maxLength: 250 },
  { id: 'dynamicPropertyGiftOrder', label: 'Gift Order', type: 'boolean' },
];

/** Integer cents from a decimal string such as "829.99"; money is never held as a float. */
export function toCents(decimal: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!m) throw new Error(`not a money amount: ${decimal}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A JSON number rounded to cents, as Oracle sends amounts (722 as `722`, 4.99 as `4.99`). */
export function centsToNumber(cents: number): number {
  return cents / 100;
}

const productsById = new Map(ORACLE_PRODUCTS.map((p) => [p.id, p]));
const profilesById = new Map(ORACLE_PROFILES.map((p) => [p.id, p]));
const couponsByCode = new Map(ORACLE_COUPONS.map((c) => [c.code, c]));
const sitesById = new Map(ORACLE_SITES.map((s) => [s.id, s]));
const organizationsById = new Map(ORACLE_ORGANIZATIONS.map((o) => [o.id, o]));
const shippingMethodsByValue = new Map(ORACLE_SHIPPING_METHODS.map((m) => [m.value, m]));

export function findProduct(id: string): OracleProduct | undefined {
  return productsById.get(id);
}

export function findProfile(id: string): OracleProfile | undefined {
  return profilesById.get(id);
}

/** Coupon codes are matched without regard to case [I]. */
export function findCoupon(code: string): OracleCoupon | undefined {
  return couponsByCode.get(code.toUpperCase());
}

export function findSite(id: string): OracleSite | undefined {
  return sitesById.get(id);
}

export function defaultSite(): OracleSite {
  return ORACLE_SITES.find((s) => s.isDefault) as OracleSite;
}

export function findOrganization(id: string): OracleOrganization | undefined {
  return organizationsById.get(id);
}

export function findShippingMethod(value: string): OracleShippingMethod | undefined {
  return shippingMethodsByValue.get(value);
}
