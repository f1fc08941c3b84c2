/**
 * The Adobe VIP Marketplace simulator's seeded catalogue, customers and credentials (listed in the README).
 *
 * Offer ids follow the documented shape `65304470CA01A12`: an eight-digit product code, the market segment `CA`,
 * a two-digit volume level and the term code `A12` [I: the segment and term letters are read from published
 * examples; their exact meaning is undocumented]. Each product has four volume levels; a larger quantity earns a
 * lower unit price.
 */

/** Fixed credentials of the simulator's integration. `X-Api-Key` is the integration's client id, as at Adobe [I]. */
export const ADOBE_SIM_CREDENTIALS = {
  apiKey: 'vipmp-sim-client',
  clientId: 'vipmp-sim-client',
  clientSecret: 'vipmp-sim-secret-0001',
} as const;

/** Access tokens live this long by the sim clock [I: Adobe IMS server-to-server tokens last 24 hours]. */
export const ADOBE_TOKEN_TTL_SECONDS = 86_399;

export type AdobeCurrency = 'USD' | 'EUR';

/** Volume levels: the first quantity each level starts at [I: VIP team levels 1-9, 10-49, 50-99, 100+]. */
export const ADOBE_VOLUME_LEVELS: readonly { level: number; minQuantity: number }[] = [
  { level: 1, minQuantity: 1 },
  { level: 2, minQuantity: 10 },
  { level: 3, minQuantity: 50 },
  { level: 4, minQuantity: 100 },
];

export interface AdobeProduct {
  productCode: string;
  name: string;
  /** Unit partner price per volume level (index 0 = level 1), in cents, per currency the offer is sold in. */
  priceCents: Partial<Record<AdobeCurrency, readonly number[]>>;
}

export const ADOBE_PRODUCTS: readonly AdobeProduct[] = [
  { productCode: '65304470', name: 'Photoshop for teams', priceCents: { USD: [34189, 32479, 30855, 29313], EUR: [37609, 35729, 33942, 32245] } },
  { productCode: '65304921', name: 'Acrobat Pro for teams', priceCents: { USD: [22789, 21649, 20567, 19539], EUR: [25069, 23815, 22625, 21494] } },
  {
    productCode: '65322651',
    name: 'Creative Cloud All Apps for teams',
    priceCents: { USD: [102589, 97459, 92586, 87957], EUR: [112849, 107206, 101846, 96754] },
  },
  { productCode: '65304479', name: 'Illustrator for teams', priceCents: { USD: [34189, 32479, 30855, 29313], EUR: [37609, 35729, 33942, 32245] } },
  { productCode: '65304768', name: 'InDesign for teams', priceCents: { USD: [34189, 32479, 30855, 29313] } },
  { productCode: '65305247', name: 'Adobe Express for teams', priceCents: { USD: [9999, 9499, 9024, 8573] } },
];

/** One orderable offer: a product at one volume level. */
export interface AdobeOffer {
  offerId: string;
  product: AdobeProduct;
  level: number;
}

/** The offer id of a product at a volume level. */
export function offerIdFor(productCode: string, level: number): string {
  return `${productCode}CA${String(level).padStart(2, '0')}A12`;
}

const OFFER_ID = /^(\d{8})CA(\d{2})A12$/;

/** The offer for an offer id, or undefined when the catalogue has none. */
export function findOffer(offerId: string): AdobeOffer | undefined {
  const m = OFFER_ID.exec(offerId);
  if (!m) return undefined;
  const product = ADOBE_PRODUCTS.find((p) => p.productCode === m[1]);
  const level = Number(m[2]);
  if (!product || !ADOBE_VOLUME_LEVELS.some((l) => l.level === level)) return undefined;
  return { offerId, product, level };
}

/** The volume level a quantity earns. */
export function levelForQuantity(quantity: number): number {
  let level = 1;
  for (const l of ADOBE_VOLUME_LEVELS) if (quantity >= l.minQuantity) level = l.level;
  return level;
}

/**
 * The best eligible offer for a quantity: the same product at the level the quantity earns, never a worse level
 * than the one asked for [I: Adobe documents the swap to a better tier, not how it is computed; here only the
 * line's own quantity counts, not the customer's other licences].
 */
export function bestOfferFor(offer: AdobeOffer, quantity: number): AdobeOffer {
  const level = Math.max(offer.level, levelForQuantity(quantity));
  return level === offer.level ? offer : { offerId: offerIdFor(offer.product.productCode, level), product: offer.product, level };
}

/** Unit partner price in cents, or undefined when the offer is not sold in that currency. */
export function unitPriceCents(offer: AdobeOffer, currency: string): number | undefined {
  return offer.product.priceCents[currency as AdobeCurrency]?.[offer.level - 1];
}

/** Known discount codes and the percentage each takes off the partner price [I: real codes are per program]. */
export const ADOBE_DISCOUNT_CODES: Readonly<Record<string, number>> = {
  HVD_L17_PRE: 10,
  HVD_L18_PRE: 15,
};

export interface AdobeSubscription {
  subscriptionId: string;
  offerId: string;
  currentQuantity: number;
  renewalQuantity: number;
  autoRenewal: boolean;
}

export interface AdobeSeedOrder {
  orderId: string;
  orderType: 'NEW' | 'RENEWAL';
  daysAgo: number;
  lines: { offerId: string; quantity: number; subscriptionId: string }[];
}

export interface AdobeCustomer {
  customerId: string;
  companyName: string;
  currency: AdobeCurrency;
  /** Deployment ids a line may name. */
  deployments: string[];
  subscriptions: AdobeSubscription[];
  /** Past orders, all complete, older than the return window. */
  orders: AdobeSeedOrder[];
  /** Orders placed for this customer are accepted (1002) and fail later (1004): a credit hold at the reseller [I]. */
  ordersFailAsync?: boolean;
}

function sub(subscriptionId: string, offerId: string, quantity: number, autoRenewal: boolean): AdobeSubscription {
  return { subscriptionId, offerId, currentQuantity: quantity, renewalQuantity: quantity, autoRenewal };
}

/** Same customer ids as the other simulators: the graph passes one customer id to every vendor. */
export const ADOBE_CUSTOMERS: readonly AdobeCustomer[] = [
  {
    customerId: 'cust-1001',
    companyName: 'Northwind Design LLC',
    currency: 'USD',
    deployments: ['12345'],
    subscriptions: [
      sub('a1b2c3d4e5f60718293a4b5c6d7e8f90', '65304470CA01A12', 5, true),
      sub('b2c3d4e5f60718293a4b5c6d7e8f90a1', '65304921CA01A12', 3, true),
      sub('c3d4e5f60718293a4b5c6d7e8f90a1b2', '65304479CA01A12', 2, false),
    ],
    orders: [],
  },
  {
    customerId: 'cust-1002',
    companyName: 'Contoso Studios',
    currency: 'USD',
    deployments: [],
    subscriptions: [sub('d4e5f60718293a4b5c6d7e8f90a1b2c3', '65322651CA02A12', 15, true)],
    orders: [
      {
        orderId: '5100000001',
        orderType: 'NEW',
        daysAgo: 400,
        lines: [{ offerId: '65322651CA02A12', quantity: 12, subscriptionId: 'd4e5f60718293a4b5c6d7e8f90a1b2c3' }],
      },
      {
        orderId: '5100000002',
        orderType: 'NEW',
        daysAgo: 300,
        lines: [{ offerId: '65322651CA02A12', quantity: 3, subscriptionId: 'd4e5f60718293a4b5c6d7e8f90a1b2c3' }],
      },
      {
        orderId: '5100000003',
        orderType: 'NEW',
        daysAgo: 200,
        lines: [{ offerId: '65304921CA01A12', quantity: 2, subscriptionId: 'e5f60718293a4b5c6d7e8f90a1b2c3d4' }],
      },
      {
        orderId: '5100000004',
        orderType: 'RENEWAL',
        daysAgo: 35,
        lines: [{ offerId: '65322651CA02A12', quantity: 15, subscriptionId: 'd4e5f60718293a4b5c6d7e8f90a1b2c3' }],
      },
      {
        orderId: '5100000005',
        orderType: 'NEW',
        daysAgo: 30,
        lines: [{ offerId: '65305247CA01A12', quantity: 4, subscriptionId: 'f60718293a4b5c6d7e8f90a1b2c3d4e5' }],
      },
      {
        orderId: '5100000006',
        orderType: 'NEW',
        daysAgo: 25,
        lines: [{ offerId: '65304768CA01A12', quantity: 1, subscriptionId: '0718293a4b5c6d7e8f90a1b2c3d4e5f6' }],
      },
      {
        orderId: '5100000007',
        orderType: 'NEW',
        daysAgo: 20,
        lines: [{ offerId: '65304479CA01A12', quantity: 2, subscriptionId: '18293a4b5c6d7e8f90a1b2c3d4e5f607' }],
      },
    ],
  },
  {
    customerId: 'cust-1003',
    companyName: 'Fabrikam Print',
    currency: 'USD',
    deployments: [],
    // Nothing set to renew automatically: PREVIEW_RENEWAL and RENEWAL answer 2136.
    subscriptions: [sub('293a4b5c6d7e8f90a1b2c3d4e5f60718', '65304470CA01A12', 1, false)],
    orders: [],
  },
  {
    customerId: 'cust-1004',
    companyName: 'Tailspin Medien GmbH',
    currency: 'EUR',
    deployments: [],
    subscriptions: [sub('3a4b5c6d7e8f90a1b2c3d4e5f6071829', '65304921CA01A12', 8, true)],
    orders: [],
  },
  {
    customerId: 'cust-1005',
    companyName: 'Wingtip Toys',
    currency: 'USD',
    deployments: [],
    subscriptions: [],
    orders: [],
    ordersFailAsync: true,
  },
];

/** A seeded customer, or undefined. */
export function findCustomer(customerId: string): AdobeCustomer | undefined {
  return ADOBE_CUSTOMERS.find((c) => c.customerId === customerId);
}
