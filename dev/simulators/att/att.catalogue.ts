/** The AT&T simulator's seeded product offerings and customers (listed in the README). */

export type AttOfferingType = 'Fiber_Internet' | 'Equipment' | 'Mobile_Plan' | 'Mobile_Device' | 'SIM';

export interface AttOffering {
  id: string;
  name: string;
  productOfferingType: AttOfferingType;
  /** Decimal strings as a catalogue would publish them; absent when the offering has no charge of that kind. */
  prices: { oneTime?: string; monthly?: string };
  currency: 'USD';
}

export interface AttInstalledProduct {
  id: string;
  productOfferingId: string;
  name: string;
  status: 'active';
}

export interface AttCustomer {
  id: string;
  firstName: string;
  lastName: string;
  customerType: 'Consumer';
  installedProducts: AttInstalledProduct[];
}

export const ATT_OFFERINGS: readonly AttOffering[] = [
  {
    id: 'fiber-300',
    name: 'AT&T Fiber 300',
    productOfferingType: 'Fiber_Internet',
    prices: { oneTime: '99.00', monthly: '55.00' },
    currency: 'USD',
  },
  {
    id: 'fiber-1000',
    name: 'AT&T Fiber 1 GIG',
    productOfferingType: 'Fiber_Internet',
    prices: { oneTime: '99.00', monthly: '80.00' },
    currency: 'USD',
  },
  {
    id: 'fiber-5000',
    name: 'AT&T Fiber 5 GIG',
    productOfferingType: 'Fiber_Internet',
    prices: { oneTime: '0.00', monthly: '245.00' },
    currency: 'USD',
  },
  {
    id: 'gateway-bgw320',
    name: 'BGW320 Wi-Fi Gateway',
    productOfferingType: 'Equipment',
    prices: { oneTime: '0.00', monthly: '10.00' },
    currency: 'USD',
  },
  {
    id: 'wifi-extender',
    name: 'Smart Wi-Fi Extender',
    productOfferingType: 'Equipment',
    prices: { oneTime: '120.00' },
    currency: 'USD',
  },
  {
    id: 'mobile-unlimited',
    name: 'AT&T Unlimited Starter',
    productOfferingType: 'Mobile_Plan',
    prices: { monthly: '65.00' },
    currency: 'USD',
  },
  {
    id: 'iphone-16',
    name: 'Apple iPhone 16 128GB',
    productOfferingType: 'Mobile_Device',
    prices: { oneTime: '829.99' },
    currency: 'USD',
  },
  {
    id: 'esim',
    name: 'eSIM',
    productOfferingType: 'SIM',
    prices: { oneTime: '0.00' },
    currency: 'USD',
  },
];

export const ATT_CUSTOMERS: readonly AttCustomer[] = [
  {
    id: 'cust-1001',
    firstName: 'Ada',
    lastName: 'Lovelace',
    customerType: 'Consumer',
    installedProducts: [
      { id: 'prod-9001', productOfferingId: 'fiber-300', name: 'AT&T Fiber 300', status: 'active' },
      { id: 'prod-9002', productOfferingId: 'gateway-bgw320', name: 'BGW320 Wi-Fi Gateway', status: 'active' },
    ],
  },
  {
    id: 'cust-1002',
    firstName: 'Grace',
    lastName: 'Hopper',
    customerType: 'Consumer',
    installedProducts: [{ id: 'prod-9003', productOfferingId: 'mobile-unlimited', name: 'AT&T Unlimited Starter', status: 'active' }],
  },
  {
    id: 'cust-1003',
    firstName: 'Alan',
    lastName: 'Turing',
    customerType: 'Consumer',
    installedProducts: [{ id: 'prod-9004', productOfferingId: 'fiber-1000', name: 'AT&T Fiber 1 GIG', status: 'active' }],
  },
  {
    id: 'cust-1004',
    firstName: 'Katherine',
    lastName: 'Johnson',
    customerType: 'Consumer',
    installedProducts: [
      { id: 'prod-9005', productOfferingId: 'mobile-unlimited', name: 'AT&T Unlimited Starter', status: 'active' },
      { id: 'prod-9006', productOfferingId: 'iphone-16', name: 'Apple iPhone 16 128GB', status: 'active' },
    ],
  },
  {
    id: 'cust-1005',
    firstName: 'Edsger',
    lastName: 'Dijkstra',
    customerType: 'Consumer',
    installedProducts: [{ id: 'prod-9007', productOfferingId: 'wifi-extender', name: 'Smart Wi-Fi Extender', status: 'active' }],
  },
];

/** Integer cents from a catalogue decimal string such as "829.99"; money is never held as a float. */
export function decimalToCents(decimal: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!m) throw new Error(`not a money amount: ${decimal}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Decimal string with two places from integer cents. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const offeringsById = new Map(ATT_OFFERINGS.map((o) => [o.id, o]));
const customersById = new Map(ATT_CUSTOMERS.map((c) => [c.id, c]));

export function findOffering(id: string): AttOffering | undefined {
  return offeringsById.get(id);
}

export function findCustomer(id: string): AttCustomer | undefined {
  return customersById.get(id);
}
