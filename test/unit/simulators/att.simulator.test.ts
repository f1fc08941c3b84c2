import { expect } from '@jest/globals';
import { ATT_CUSTOMERS, ATT_OFFERINGS, AttErrorCode, startAttSimulator } from '../../../dev/simulators/att/att.simulator';
import type { RunningAttSimulator } from '../../../dev/simulators/att/att.simulator';
import type { AttErrorBody } from '../../../dev/simulators/att/att.errors';
import type { AttCheckoutView, AttProductOrderView } from '../../../dev/simulators/att/att.views';
import type { SimStatsSnapshot } from '../../../dev/simulators/kit/stats';

// Response bodies are read loosely here (the assertions, not the types, check their shape); where a test reads
// deeper, it names the simulator's own view of the body.
type Json = Record<string, unknown>;

interface Reply<B = Json> {
  status: number;
  headers: Headers;
  body: B;
  text: string;
}

/** The orders query's answer: each root field (aliases too) holds a page of the order fields asked for. */
interface QueryReply {
  data: Record<string, { orders: (Json & { orderStatus: { status: string }; products: Json[] })[]; pageInfo: Json & { pageSize: number; totalCount: number } }>;
  errors: { message: string }[];
}

const CUSTOMER_PARTIES = (customerId: string): Json[] => [
  { referredType: 'individual', role: 'owner', id: '2f3ca666-744d-4aa3-9351-e259185a065b' },
  { referredType: 'dealerLocation', role: 'partner', id: 'G5MGG', name: 'RS and I Inc' },
  {
    referredType: 'customer',
    role: 'customer',
    id: customerId,
    extensions: [
      { name: 'CustomerType', value: 'Consumer' },
      { name: 'CustomerSubType', value: 'Individual' },
    ],
  },
];

const CARD = { id: 'pm-1', type: 'card', card: { token: 'tok_visa_abc123', brand: 'VISA', last4: '4242', expirationMonth: 4, expirationYear: 2030 } };

describe('AT&T omni-svcs simulator', () => {
  let att: RunningAttSimulator;
  let base: string;
  let root: string;

  async function call<B = Json>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<B>> {
    const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(`${path.startsWith('/__sim') ? root : base}${path}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: (text ? JSON.parse(text) : {}) as B };
  }

  const createCart = async (customerId = 'cust-1001', items?: Json[]): Promise<Reply> =>
    call('POST', '/carts', { channel: { id: 'IND', name: 'IND' }, relatedParty: CUSTOMER_PARTIES(customerId), ...(items ? { items } : {}) });
  const addItems = (cartId: string, items: Json[]): Promise<Reply> => call('POST', `/carts/${cartId}/items`, { items });
  const submit = (cartId: string, body: Json, appname: string | null = 'orders-subgraph-test'): Promise<Reply> =>
    call('POST', `/carts/${cartId}/express-submit`, body, appname === null ? {} : { appname });
  const query = (q: string, variables?: Json): Promise<Reply<QueryReply>> => call('POST', '/orders/query', { query: q, variables });
  const advance = (seconds: number): Promise<Reply> => call('POST', '/__sim/clock', { advanceSeconds: seconds });
  /** A cart answer's body as the simulator's product-order view. */
  const productOrder = (reply: Reply): AttProductOrderView => reply.body as unknown as AttProductOrderView;
  const stats = async (): Promise<SimStatsSnapshot> => (await call<SimStatsSnapshot>('GET', '/__sim/stats')).body;
  const slotsFor = async (cartId: string): Promise<string[]> =>
    (await call<AttCheckoutView>('POST', '/checkout', { cartId })).body.appointmentDates.map((s) => s.id);
  const ORDER_FIELDS = `id orderId orderDate cartId orderStatus { status } accounts { accountNumber }
    customer { id firstName lastName } products { id name productOfferingId quantity action productStatus { status } price { oneTime monthly currency } }
    payments { type brand last4 autoPay paperless } orderPrice { total oneTimeTotal monthlyTotal currency }
    fulfillments { fulfillmentStatus { status } fulfillmentMethod } orderErrorInfoList { errorInfo } pointOfNoReturnDate`;

  /** A non-fiber cart submitted with the one always-required term; returns the submit reply. */
  async function submitMobileOrder(customerId: string): Promise<Reply> {
    const cart = await createCart(customerId, [{ action: 'add', productOfferingType: 'Mobile_Plan', productOfferingId: 'mobile-unlimited' }]);
    expect(cart.status).toBe(201);
    const res = await submit(cart.body.id as string, { paymentMethods: [CARD], terms: { acceptedKeys: ['CSA'] } });
    expect(res.status).toBe(201);
    return res;
  }

  beforeAll(async () => {
    att = await startAttSimulator(0);
    base = att.baseUrl;
    root = base.replace(/\/omni-svcs\/v1$/, '');
  });

  afterAll(async () => {
    await att.close();
  });

  it('serves under /omni-svcs/v1 on loopback, with the orders host on the same server', () => {
    expect(att.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/omni-svcs\/v1$/);
    expect(att.ordersBaseUrl).toBe(att.baseUrl);
    expect(ATT_CUSTOMERS.map((c) => c.id)).toEqual(['cust-1001', 'cust-1002', 'cust-1003', 'cust-1004', 'cust-1005']);
    expect(ATT_CUSTOMERS[0].installedProducts.length).toBeGreaterThan(0);
    expect(ATT_OFFERINGS.length).toBeGreaterThanOrEqual(6);
  });

  describe('cart lifecycle from create to a completed order', () => {
    let cartId: string;
    let orderId: string;
    let customerOrderId: string;

    it('creates an empty Draft cart as a ProductOrder', async () => {
      const res = await createCart('cust-1001');
      expect(res.status).toBe(201);
      cartId = res.body.id as string;
      expect(cartId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(res.body).toMatchObject({
        href: `/omni-svcs/v1/carts/${cartId}`,
        state: 'Draft',
        channel: { id: 'IND', name: 'IND' },
        productOrderItem: [],
        validation: { status: 'invalid', messages: [{ code: AttErrorCode.MISSING_REQUIRED_ITEMS }] },
      });
      expect(res.body.relatedParty).toHaveLength(3);
      expect(Number.isNaN(Date.parse(res.body.creationDate as string))).toBe(false);
      expect(res.body.orderTotalPrice).toEqual([
        expect.objectContaining({ priceType: 'oneTime', price: expect.objectContaining({ dutyFreeAmount: { unit: 'USD', value: 0 } }) }),
        expect.objectContaining({ priceType: 'recurring', recurringChargePeriod: 'month' }),
      ]);
    });

    it('adds two lines and keeps one-time and monthly totals apart', async () => {
      const res = await addItems(cartId, [
        {
          action: 'add',
          productOfferingType: 'Fiber_Internet',
          productOfferingId: 'fiber-1000',
          billingAccount: { ratingType: 'postpaid', id: '556165899573' },
        },
        { action: 'add', productOfferingType: 'Equipment', productOfferingId: 'wifi-extender', quantity: 2 },
      ]);
      expect(res.status).toBe(200);
      const items = productOrder(res).productOrderItem;
      expect(items.map((i) => i.id)).toEqual(['01', '02']);
      expect(items[0]).toMatchObject({ action: 'add', quantity: 1, state: 'Draft', productOffering: { id: 'fiber-1000', name: 'AT&T Fiber 1 GIG' } });
      expect(items[0].itemPrice).toEqual([
        expect.objectContaining({ priceType: 'oneTime', price: { dutyFreeAmount: { unit: 'USD', value: 99 }, taxIncludedAmount: { unit: 'USD', value: 99 } } }),
        expect.objectContaining({
          priceType: 'recurring',
          recurringChargePeriod: 'month',
          price: expect.objectContaining({ dutyFreeAmount: { unit: 'USD', value: 80 } }),
        }),
      ]);
      expect(items[1].itemPrice).toHaveLength(1);
      expect(items[1].itemPrice[0].price.dutyFreeAmount.value).toBe(120);
      expect(items[1].itemTotalPrice[0].price.dutyFreeAmount.value).toBe(240);
      const totals = Object.fromEntries(productOrder(res).orderTotalPrice.map((p) => [p.priceType, p.price.dutyFreeAmount.value]));
      expect(totals).toEqual({ oneTime: 339, recurring: 80 });
      expect(res.body.validation).toEqual({ status: 'valid', messages: [] });
    });

    it('checkout offers fulfillment options, technician slots from the sim clock, and terms', async () => {
      const res = await call<AttCheckoutView>('POST', '/checkout', { cartId });
      expect(res.status).toBe(200);
      expect(res.body.cartId).toBe(cartId);
      expect(res.body.fulfillmentOptions!.map((o) => o.fulfillmentMethod).sort()).toEqual(['C2S', 'DF']);
      expect(res.body.fulfillmentOptions![0]).toMatchObject({ price: { dutyFreeAmount: { unit: 'USD', value: 0 } } });
      expect(res.body.fulfillmentOptions![0].estimatedDeliveryDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const slots = res.body.appointmentDates;
      expect(slots).toHaveLength(6);
      expect(Date.parse(slots[0].startDateTime)).toBeGreaterThan(Date.now());
      const terms = Object.fromEntries(res.body.termsAndConditions.map((t) => [t.key, t.required]));
      expect(terms).toEqual({ CSA: true, HTPT: true, EC: false, ABP: false });
      expect(res.body.validation).toEqual({ status: 'valid', messages: [] });
    });

    it('refuses express-submit with 409 while required terms are missing, and creates nothing', async () => {
      const before = (await stats()).ordersCreated;
      const slots = await slotsFor(cartId);
      const res = await submit(cartId, { paymentMethods: [CARD], terms: { acceptedKeys: ['CSA'] }, installationAppointment: { appointmentId: slots[0] } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        id: cartId,
        state: 'Draft',
        productOrder: {
          id: cartId,
          state: 'Draft',
          validation: { status: 'invalid', messages: [{ code: 'SUBMITCHANGE_INVALID_TERMS_EXIST', field: 'terms.acceptedKeys' }] },
        },
        error: { code: 'SUBMITCHANGE_INVALID_TERMS_EXIST', status: '409', details: { missingTerms: ['HTPT'] } },
      });
      expect(typeof (res.body.error as AttErrorBody).reason).toBe('string');
      expect((await stats()).ordersCreated).toBe(before);
    });

    it('refuses a fiber submit without an offered installation slot with 409', async () => {
      const res = await submit(cartId, {
        paymentMethods: [CARD],
        terms: { acceptedKeys: ['CSA', 'HTPT'] },
        installationAppointment: { appointmentId: 'APPT-19990101-AM' },
      });
      expect(res.status).toBe(409);
      const error = res.body.error as AttErrorBody;
      expect(error.code).toBe('INSTALLATION_APPOINTMENT_REQUIRED');
      expect(error.details?.availableAppointmentIds).toHaveLength(6);
    });

    it('submits with terms and an appointment: 201 with ids and a token, one order counted', async () => {
      const before = (await stats()).ordersCreated;
      const slots = await slotsFor(cartId);
      const res = await submit(cartId, {
        paymentMethods: [CARD],
        enrollment: { autoPay: true, paperless: true },
        oneTimePayment: { paymentMethodId: 'pm-1' },
        terms: { acceptedKeys: ['CSA', 'HTPT', 'ABP'] },
        fulfillment: { fulfillmentOptionId: 'DF-STANDARD', fulfillmentMethod: 'DF' },
        installationAppointment: { appointmentId: slots[1], contactName: 'Ada Lovelace', contactPhone: '+1 214 555 0100' },
      });
      expect(res.status).toBe(201);
      expect(res.body.state).toBe('Submitted');
      expect(res.body.customerOrderId).toMatch(/^\d{2}-\d{14}$/);
      expect(res.body.orderSummaryAccessToken).toMatch(/^[0-9a-f]{32,}$/);
      expect(Number.isNaN(Date.parse(res.body.submissionDate as string))).toBe(false);
      expect(res.body.id).not.toBe(cartId);
      orderId = res.body.id as string;
      customerOrderId = res.body.customerOrderId as string;
      expect((await stats()).ordersCreated).toBe(before + 1);
    });

    it('GET cart shows Submitted with the order ids, so a lost submit response can be reconciled', async () => {
      const res = await call('GET', `/carts/${cartId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: cartId, state: 'Submitted', customerOrderId, orderId });
      expect(typeof res.body.submissionDate).toBe('string');
      expect((res.body.productOrderItem as Json[]).every((i) => i.state === 'Submitted')).toBe(true);
    });

    it('refuses changes and a second submit once submitted', async () => {
      const add = await addItems(cartId, [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim' }]);
      expect(add.status).toBe(400);
      expect(add.body.code).toBe(AttErrorCode.CART_ALREADY_SUBMITTED);
      const again = await submit(cartId, { terms: { acceptedKeys: ['CSA', 'HTPT'] } });
      // Seed 000: a conflict (409) carries the complete product order with validation details; nothing new is placed.
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        id: orderId,
        customerOrderId,
        state: 'Submitted',
        productOrder: {
          id: cartId,
          orderId,
          customerOrderId,
          validation: { status: 'invalid', messages: [{ code: AttErrorCode.CART_ALREADY_SUBMITTED, field: 'cartId' }] },
        },
        error: { code: AttErrorCode.CART_ALREADY_SUBMITTED, status: '409' },
      });
      expect((again.body.productOrder as Json).productOrderItem).toHaveLength(2);
      const del = await call('DELETE', `/carts/${cartId}/items/01`);
      expect(del.body.code).toBe(AttErrorCode.CART_ALREADY_SUBMITTED);
      const checkout = await call('POST', '/checkout', { cartId });
      expect(checkout.body.code).toBe(AttErrorCode.CART_ALREADY_SUBMITTED);
    });

    it('orders query finds the order by customer order id and by id, with what was submitted', async () => {
      const byCustomerOrderId = await query(
        `query($id: String) { getOrders(filter: { orderId: $id }) { orders { ${ORDER_FIELDS} } pageInfo { totalCount pageSize pageNumber } } }`,
        {
          id: customerOrderId,
        },
      );
      expect(byCustomerOrderId.status).toBe(200);
      const result = byCustomerOrderId.body.data.getOrders;
      expect(result.pageInfo).toEqual({ totalCount: 1, pageSize: 10, pageNumber: 1 });
      const order = result.orders[0];
      expect(order).toMatchObject({
        id: orderId,
        orderId: customerOrderId,
        cartId,
        orderStatus: { status: 'Submitted' },
        accounts: [{ accountNumber: 'cust-1001' }],
        customer: { id: 'cust-1001', firstName: 'Ada', lastName: 'Lovelace' },
        payments: [{ type: 'card', brand: 'VISA', last4: '4242', autoPay: true, paperless: true }],
        orderPrice: { total: '419.00', oneTimeTotal: '339.00', monthlyTotal: '80.00', currency: 'USD' },
        fulfillments: [{ fulfillmentStatus: { status: 'Submitted' }, fulfillmentMethod: 'DF' }],
        orderErrorInfoList: [],
      });
      expect(order.products).toEqual([
        expect.objectContaining({ id: '01', productOfferingId: 'fiber-1000', quantity: 1, price: { oneTime: '99.00', monthly: '80.00', currency: 'USD' } }),
        expect.objectContaining({ id: '02', productOfferingId: 'wifi-extender', quantity: 2, price: { oneTime: '120.00', monthly: null, currency: 'USD' } }),
      ]);
      expect(JSON.stringify(order)).not.toContain('tok_visa_abc123');

      const byId = await query(`{ getOrders(filter: { orderId: "${orderId}" }) { orders { orderId } } }`);
      expect(byId.body.data.getOrders.orders).toEqual([{ orderId: customerOrderId }]);
    });

    it('orders query batches through aliases and through orderIds', async () => {
      const other = await submitMobileOrder('cust-1002');
      const aliased = await query(`{
        a: getOrders(filter: { orderId: "${customerOrderId}" }) { orders { id } }
        b: getOrders(filter: { orderId: "${other.body.id as string}" }) { orders { id } }
        c: getOrders(filter: { orderId: "99-00000000000000" }) { orders { id } pageInfo { totalCount } }
      }`);
      expect(aliased.status).toBe(200);
      expect(aliased.body.data.a.orders).toEqual([{ id: orderId }]);
      expect(aliased.body.data.b.orders).toEqual([{ id: other.body.id }]);
      expect(aliased.body.data.c).toEqual({ orders: [], pageInfo: { totalCount: 0 } });

      const batch = await query(`query($ids: [String!]) { getOrders(filter: { orderIds: $ids }) { orders { id orderId } pageInfo { totalCount } } }`, {
        ids: [other.body.customerOrderId, 'unknown-id', orderId],
      });
      expect(batch.body.data.getOrders.orders.map((o) => o.id)).toEqual([other.body.id, orderId]);
      expect(batch.body.data.getOrders.pageInfo.totalCount).toBe(2);
    });

    it('orders query lists a customer newest first, paged by limit and offset', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        ids.push((await submitMobileOrder('cust-1003')).body.id as string);
        await advance(1);
      }
      const page = (limit: number, offset: number): Promise<Reply<QueryReply>> =>
        query(
          `{ getOrders(filter: { accountNumber: "cust-1003", limit: ${limit}, offset: ${offset} }) { orders { id accounts { accountNumber } } pageInfo { totalCount pageSize pageNumber } } }`,
        );
      const first = await page(2, 0);
      expect(first.body.data.getOrders.orders.map((o) => o.id)).toEqual([ids[2], ids[1]]);
      expect(first.body.data.getOrders.pageInfo).toEqual({ totalCount: 3, pageSize: 2, pageNumber: 1 });
      const second = await page(2, 2);
      expect(second.body.data.getOrders.orders.map((o) => o.id)).toEqual([ids[0]]);
      expect(second.body.data.getOrders.pageInfo).toEqual({ totalCount: 3, pageSize: 2, pageNumber: 2 });
      const clamped = await page(500, 0);
      expect(clamped.body.data.getOrders.pageInfo.pageSize).toBe(100);
    });

    it('moves the order through its states as the sim clock advances', async () => {
      const statusNow = async (): Promise<string> =>
        (await query(`{ getOrders(filter: { orderId: "${orderId}" }) { orders { orderStatus { status } products { productStatus { status } } } } }`)).body.data
          .getOrders.orders[0].orderStatus.status;
      await advance(61);
      expect(await statusNow()).toBe('Acknowledged');
      await advance(300);
      expect(await statusNow()).toBe('InProgress');
      await advance(3600);
      expect(await statusNow()).toBe('Completed');
      const products = await query(`{ getOrders(filter: { orderId: "${orderId}" }) { orders { products { productStatus { status } } } } }`);
      expect(products.body.data.getOrders.orders[0].products).toEqual([{ productStatus: { status: 'Completed' } }, { productStatus: { status: 'Completed' } }]);
      const cart = await call('GET', `/carts/${cartId}`);
      expect(cart.body.state).toBe('Completed');
      expect(cart.body.customerOrderId).toBe(customerOrderId);
    });
  });

  describe('thin mode', () => {
    afterEach(async () => {
      await call('POST', '/__sim/att/thin', { thin: false });
    });

    it('answers create with {id}, add-items with {externalId}, delete with 204, and GET stays full', async () => {
      expect((await call('POST', '/__sim/att/thin', { thin: true })).body).toEqual({ thin: true });
      const created = await createCart('cust-1004');
      expect(created.status).toBe(201);
      expect(Object.keys(created.body)).toEqual(['id']);
      const cartId = created.body.id as string;
      const added = await addItems(cartId, [{ action: 'add', productOfferingType: 'Mobile_Device', productOfferingId: 'iphone-16' }]);
      expect(added.status).toBe(200);
      expect(Object.keys(added.body)).toEqual(['externalId']);
      expect(added.body.externalId).toMatch(/^\d{2}-\d{14}$/);
      const deleted = await call('DELETE', `/carts/${cartId}/items/01`);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      const full = await call('GET', `/carts/${cartId}`);
      expect(full.body).toMatchObject({ id: cartId, state: 'Draft', productOrderItem: [], externalId: added.body.externalId });
    });

    it('can start thin through the option', async () => {
      const thinSim = await startAttSimulator(0, { thin: true });
      try {
        const res = await fetch(`${thinSim.baseUrl}/carts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ channel: { id: 'ECOMM' }, relatedParty: CUSTOMER_PARTIES('cust-1005') }),
        });
        expect(Object.keys((await res.json()) as Json)).toEqual(['id']);
      } finally {
        await thinSim.close();
      }
    });

    it('refuses a thin switch that is not a boolean', async () => {
      expect((await call('POST', '/__sim/att/thin', { thin: 'yes' })).status).toBe(400);
    });
  });

  describe('create cart errors', () => {
    it('400 for a body that is not JSON', async () => {
      const res = await call('POST', '/carts', '{"channel":');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: AttErrorCode.REQUEST_INVALID, status: '400' });
      expect(typeof res.body.reason).toBe('string');
    });

    it('400 for a missing or unknown channel', async () => {
      const missing = await call('POST', '/carts', { relatedParty: CUSTOMER_PARTIES('cust-1001') });
      expect(missing.body.code).toBe(AttErrorCode.CHANNEL_INVALID);
      const unknown = await call('POST', '/carts', { channel: { id: 'TELESALES' }, relatedParty: CUSTOMER_PARTIES('cust-1001') });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ code: AttErrorCode.CHANNEL_INVALID, details: { field: 'channel.id' } });
    });

    it('400 without exactly one customer party, 404 for an unknown customer', async () => {
      const none = await call('POST', '/carts', { channel: { id: 'IND' }, relatedParty: CUSTOMER_PARTIES('cust-1001').slice(0, 2) });
      expect(none.status).toBe(400);
      expect(none.body.code).toBe(AttErrorCode.CUSTOMER_PARTY_REQUIRED);
      const two = await call('POST', '/carts', {
        channel: { id: 'IND' },
        relatedParty: [...CUSTOMER_PARTIES('cust-1001'), { referredType: 'customer', role: 'customer', id: 'cust-1002' }],
      });
      expect(two.body.code).toBe(AttErrorCode.CUSTOMER_PARTY_REQUIRED);
      const unknown = await createCart('cust-9999');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: AttErrorCode.CUSTOMER_NOT_FOUND, status: '404' });
    });

    it('400 for a party without the required members', async () => {
      const res = await call('POST', '/carts', { channel: { id: 'IND' }, relatedParty: [{ role: 'customer', id: 'cust-1001' }] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: AttErrorCode.REQUEST_INVALID, details: { field: 'relatedParty[0].referredType' } });
    });

    it('accepts initial items and validates them', async () => {
      const ok = await createCart('cust-1002', [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim' }]);
      expect(ok.status).toBe(201);
      expect(ok.body.productOrderItem).toHaveLength(1);
      const bad = await createCart('cust-1002', [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'nope' }]);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe(AttErrorCode.OFFER_NOT_FOUND);
    });
  });

  describe('cart item errors and changes', () => {
    let cartId: string;

    beforeEach(async () => {
      cartId = (await createCart('cust-1001')).body.id as string;
    });

    it('404 for an unknown cart', async () => {
      const res = await addItems('00000000-0000-1000-8000-000000000000', [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim' }]);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(AttErrorCode.CART_NOT_FOUND);
      expect((await call('GET', '/carts/nope')).status).toBe(404);
    });

    it('400 for an unknown offering, a mismatched type, a bad action or no items', async () => {
      expect((await addItems(cartId, [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'sim-9' }])).body.code).toBe(
        AttErrorCode.OFFER_NOT_FOUND,
      );
      expect((await addItems(cartId, [{ action: 'swap;add', productOfferingType: 'SIM' }])).body.code).toBe(AttErrorCode.OFFER_NOT_FOUND);
      expect((await addItems(cartId, [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'iphone-16' }])).body.code).toBe(
        AttErrorCode.OFFER_TYPE_MISMATCH,
      );
      const badAction = await addItems(cartId, [{ action: 'modify', productOfferingType: 'SIM', productOfferingId: 'esim' }]);
      expect(badAction.status).toBe(400);
      expect((badAction.body.details as Json).field).toBe('items[0].action');
      expect((await addItems(cartId, [])).body.code).toBe(AttErrorCode.REQUEST_INVALID);
    });

    it('400 for a quantity below one or not an integer', async () => {
      for (const quantity of [0, -1, 1.5, '2']) {
        const res = await addItems(cartId, [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim', quantity }]);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe(AttErrorCode.QUANTITY_INVALID);
      }
    });

    it('terminates an installed product at no charge, and refuses a product the customer does not have', async () => {
      const ok = await addItems(cartId, [
        { action: 'terminate', productOfferingType: 'Fiber_Internet', product: { id: 'prod-9001', primaryProductId: 'prod-9001' } },
      ]);
      expect(ok.status).toBe(200);
      const item = productOrder(ok).productOrderItem[0];
      expect(item).toMatchObject({ action: 'terminate', product: { id: 'prod-9001' }, productOffering: { id: 'fiber-300' } });
      expect(item.itemTotalPrice.every((p) => p.price.dutyFreeAmount.value === 0)).toBe(true);
      const notTheirs = await addItems(cartId, [{ action: 'terminate', productOfferingType: 'Mobile_Plan', product: { id: 'prod-9003' } }]);
      expect(notTheirs.status).toBe(400);
      expect(notTheirs.body.code).toBe(AttErrorCode.PRODUCT_NOT_INSTALLED);
      const twice = await addItems(cartId, [{ action: 'terminate', productOfferingType: 'Fiber_Internet', product: { id: 'prod-9001' } }]);
      expect(twice.body.code).toBe(AttErrorCode.PRODUCT_NOT_INSTALLED);
    });

    it('deletes an item, never reuses its id, and 404s an unknown item', async () => {
      await addItems(cartId, [
        { action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim' },
        { action: 'add', productOfferingType: 'Mobile_Plan', productOfferingId: 'mobile-unlimited' },
      ]);
      const del = await call<AttProductOrderView>('DELETE', `/carts/${cartId}/items/02`);
      expect(del.status).toBe(200);
      expect(del.body.productOrderItem.map((i) => i.id)).toEqual(['01']);
      const recurring = del.body.orderTotalPrice.find((p) => p.priceType === 'recurring');
      expect(recurring?.price.dutyFreeAmount.value).toBe(0);
      const added = await addItems(cartId, [{ action: 'add', productOfferingType: 'Mobile_Plan', productOfferingId: 'mobile-unlimited' }]);
      expect(productOrder(added).productOrderItem.map((i) => i.id)).toEqual(['01', '03']);
      const missing = await call('DELETE', `/carts/${cartId}/items/02`);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe(AttErrorCode.CART_ITEM_NOT_FOUND);
    });

    it('a refused add consumes no item ids and changes nothing', async () => {
      await addItems(cartId, [
        { action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim' },
        { action: 'add', productOfferingType: 'SIM', productOfferingId: 'nope' },
      ]);
      const res = await addItems(cartId, [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim' }]);
      expect(productOrder(res).productOrderItem.map((i) => i.id)).toEqual(['01']);
    });
  });

  describe('checkout', () => {
    it('404 for an unknown cart, 400 for an empty one or a missing cartId', async () => {
      expect((await call('POST', '/checkout', { cartId: 'nope' })).status).toBe(404);
      const empty = await createCart('cust-1003');
      const res = await call('POST', '/checkout', { cartId: empty.body.id });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002');
      expect((await call('POST', '/checkout', {})).body.code).toBe(AttErrorCode.REQUEST_INVALID);
    });

    it('offers no technician slots and no HTPT requirement without fiber', async () => {
      const cart = await createCart('cust-1004', [{ action: 'add', productOfferingType: 'Mobile_Device', productOfferingId: 'iphone-16' }]);
      const res = await call('POST', '/checkout', { cartId: cart.body.id });
      expect(res.body.appointmentDates).toEqual([]);
      expect((res.body.termsAndConditions as Json[]).find((t) => t.key === 'HTPT')?.required).toBe(false);
    });

    it('omits fulfillment options once one is selected, unless an address is sent', async () => {
      const cart = await createCart('cust-1004', [{ action: 'add', productOfferingType: 'Mobile_Device', productOfferingId: 'iphone-16' }]);
      const cartId = cart.body.id as string;
      const selecting = await call('POST', '/checkout', { cartId, fulfillmentOptionId: 'C2S-PICKUP' });
      expect(selecting.body.fulfillmentOptions).toHaveLength(2);
      const after = await call('POST', '/checkout', { cartId });
      expect(after.status).toBe(200);
      expect(after.body).not.toHaveProperty('fulfillmentOptions');
      const withAddress = await call('POST', '/checkout', { cartId, fulfillmentAddressId: 'addr-77' });
      expect(withAddress.body.fulfillmentOptions).toHaveLength(2);
      expect((await call('POST', '/checkout', { cartId, fulfillmentOptionId: 'TELEPORT' })).body.code).toBe(AttErrorCode.FULFILLMENT_OPTION_INVALID);
    });
  });

  describe('express-submit errors', () => {
    let cartId: string;

    beforeEach(async () => {
      cartId = (await createCart('cust-1005', [{ action: 'add', productOfferingType: 'Equipment', productOfferingId: 'wifi-extender' }])).body.id as string;
    });

    it('400 without the appname header', async () => {
      const res = await submit(cartId, { terms: { acceptedKeys: ['CSA'] } }, null);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(AttErrorCode.APPNAME_REQUIRED);
    });

    it('400 for a full card number, never echoing it', async () => {
      const pan = '4111111111111111';
      for (const card of [
        { number: pan, brand: 'VISA', last4: '1111' },
        { cardNumber: pan, token: 'tok', brand: 'VISA', last4: '1111' },
        { token: pan, brand: 'VISA', last4: '1111' },
      ]) {
        const res = await submit(cartId, { paymentMethods: [{ type: 'card', card }], terms: { acceptedKeys: ['CSA'] } });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('PAYMENT_CARD_NUMBER_NOT_ACCEPTED');
        expect(res.text).not.toContain(pan);
      }
      expect((await call('GET', `/carts/${cartId}`)).body.state).toBe('Draft');
    });

    it('400 for a card without token, brand or last4, or a dangling one-time payment reference', async () => {
      const noLast4 = await submit(cartId, { paymentMethods: [{ type: 'card', card: { token: 't', brand: 'VISA' } }], terms: { acceptedKeys: ['CSA'] } });
      expect(noLast4.body).toMatchObject({ code: AttErrorCode.PAYMENT_METHOD_INVALID, details: { field: 'paymentMethods[0].card.last4' } });
      const noToken = await submit(cartId, { paymentMethods: [{ type: 'card', card: { brand: 'VISA', last4: '4242' } }] });
      expect(noToken.body.code).toBe(AttErrorCode.PAYMENT_METHOD_INVALID);
      const badType = await submit(cartId, { paymentMethods: [{ type: 'cash' }] });
      expect(badType.body.code).toBe(AttErrorCode.PAYMENT_METHOD_INVALID);
      const dangling = await submit(cartId, { paymentMethods: [CARD], oneTimePayment: { paymentMethodId: 'pm-404' }, terms: { acceptedKeys: ['CSA'] } });
      expect(dangling.body.code).toBe(AttErrorCode.PAYMENT_METHOD_INVALID);
    });

    it('400 for an empty cart with the documented code, 404 for an unknown cart', async () => {
      const empty = (await createCart('cust-1005')).body.id as string;
      const res = await submit(empty, { terms: { acceptedKeys: ['CSA'] } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002', message: 'missing required items', status: '400' });
      expect((await submit('missing-cart', { terms: { acceptedKeys: ['CSA'] } })).status).toBe(404);
    });

    it('400 for a body that is not an object, or a fulfillment option that is not offered', async () => {
      expect((await submit(cartId, '[1,2]' as unknown as Json)).body.code).toBe(AttErrorCode.REQUEST_INVALID);
      const res = await submit(cartId, { terms: { acceptedKeys: ['CSA'] }, fulfillment: { fulfillmentOptionId: 'DF-STANDARD', fulfillmentMethod: 'C2S' } });
      expect(res.body.code).toBe(AttErrorCode.FULFILLMENT_OPTION_INVALID);
    });

    it('submits a non-fiber cart with CSA alone and keeps only brand and last four of the card', async () => {
      const res = await submit(cartId, {
        paymentMethods: [CARD, { type: 'paymentProfile', paymentProfileId: 'pp-77' }],
        billing: { paperless: true },
        terms: { acceptedKeys: ['CSA'] },
      });
      expect(res.status).toBe(201);
      const order = await query(
        `{ getOrders(filter: { orderId: "${res.body.id as string}" }) { orders { payments { type brand last4 autoPay paperless } fulfillments { fulfillmentMethod } } } }`,
      );
      expect(order.body.data.getOrders.orders[0]).toEqual({
        payments: [
          { type: 'card', brand: 'VISA', last4: '4242', autoPay: false, paperless: true },
          { type: 'paymentProfile', brand: null, last4: null, autoPay: false, paperless: true },
        ],
        fulfillments: [{ fulfillmentMethod: 'DF' }],
      });
    });
  });

  describe('orders query errors', () => {
    it('400 with {errors} for a document that does not parse or validate', async () => {
      const syntax = await query('{ getOrders(filter: {');
      expect(syntax.status).toBe(400);
      expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
      expect(syntax.body).not.toHaveProperty('data');
      const unknownField = await query('{ getOrders(filter: { orderId: "x" }) { orders { creditCardNumber } } }');
      expect(unknownField.status).toBe(400);
      const notGraphql = await call('POST', '/orders/query', { variables: {} });
      expect(notGraphql.status).toBe(400);
    });

    it('validates each document of a shape it answered before: other ids are answered, a wrong literal or an unknown field refused', async () => {
      const shape = (literal: string, field = 'id') => `{ a: getOrders(filter: { orderId: ${literal}, limit: 1 }) { orders { ${field} } } }`;
      const first = await submitMobileOrder('cust-1005');
      const second = await submitMobileOrder('cust-1005');
      expect((await query(shape(JSON.stringify(first.body.id)))).body.data.a.orders).toEqual([{ id: first.body.id }]);
      expect((await query(shape(JSON.stringify(second.body.id)))).body.data.a.orders).toEqual([{ id: second.body.id }]);
      expect((await query(shape(`"""${second.body.id as string}"""`))).body.data.a.orders).toEqual([{ id: second.body.id }]);
      const notAString = await query(shape('12'));
      expect(notAString.status).toBe(400);
      expect(notAString.body.errors[0].message).toMatch(/String cannot represent a non string value: 12/);
      const unknownField = await query(shape(JSON.stringify(first.body.id), 'cardNumber'));
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.errors[0].message).toMatch(/Cannot query field "cardNumber"/);
      // One response name twice merges only when both ask the same: the same document with two different ids does not.
      const twice = (a: string, b: string) =>
        `{ a: getOrders(filter: { orderId: ${JSON.stringify(a)} }) { orders { id } } a: getOrders(filter: { orderId: ${JSON.stringify(b)} }) { orders { id } } }`;
      expect((await query(twice(first.body.id as string, first.body.id as string))).body.data.a.orders).toEqual([{ id: first.body.id }]);
      const differing = await query(twice(first.body.id as string, second.body.id as string));
      expect(differing.status).toBe(400);
      expect(differing.body.errors[0].message).toMatch(/"a" conflict because they have differing arguments/);
      const outOfRange = await query(`{ a: getOrders(filter: { orderId: "x", limit: 99999999999 }) { orders { id } } }`);
      expect(outOfRange.status).toBe(400);
      expect(outOfRange.body.errors[0].message).toMatch(/Int cannot represent non 32-bit signed integer value: 99999999999/);
    });

    it('answers an unscoped or out-of-range filter with a GraphQL error', async () => {
      const unscoped = await query('{ getOrders(filter: { lineOfBusiness: "FIBER" }) { orders { id } } }');
      expect(unscoped.status).toBe(200);
      expect(unscoped.body.data).toBeNull();
      expect(unscoped.body.errors[0].message).toMatch(/orderId, orderIds or accountNumber/);
      const badLimit = await query('{ getOrders(filter: { accountNumber: "cust-1001", limit: 0 }) { orders { id } } }');
      expect(badLimit.body.errors[0].message).toMatch(/limit/);
    });

    it('filters by line of business and order date', async () => {
      const submitted = await submitMobileOrder('cust-1004');
      const day = (submitted.body.submissionDate as string).slice(0, 10);
      const wireless = await query(
        `{ getOrders(filter: { accountNumber: "cust-1004", lineOfBusiness: "wireless", orderDate: "${day}" }) { orders { id lineOfBusiness } } }`,
      );
      expect(wireless.body.data.getOrders.orders).toContainEqual({ id: submitted.body.id, lineOfBusiness: 'WIRELESS' });
      const fiber = await query(`{ getOrders(filter: { accountNumber: "cust-1004", lineOfBusiness: "FIBER" }) { orders { id } } }`);
      expect(fiber.body.data.getOrders.orders).toEqual([]);
    });
  });

  describe('with the kit', () => {
    afterEach(async () => {
      await call('DELETE', '/__sim/faults');
    });

    it('answers unknown paths with a TMF error', async () => {
      const res = await call('GET', '/nothing/here');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: AttErrorCode.RESOURCE_NOT_FOUND, status: '404' });
    });

    it('an injected 500 uses the TMF envelope', async () => {
      await call('POST', '/__sim/faults', { route: 'GET /omni-svcs/v1/carts/:cartId', fault: { type: 'status', status: 500 }, times: 1 });
      const res = await call('GET', '/carts/anything');
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ code: AttErrorCode.INTERNAL, status: '500' });
    });

    it('a submit whose connection resets after commit leaves exactly one order, visible on GET cart', async () => {
      const cart = await createCart('cust-1002', [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim' }]);
      const cartId = cart.body.id as string;
      const before = await stats();
      await call('POST', '/__sim/faults', { route: 'POST /omni-svcs/v1/carts/:cartId/express-submit', fault: { type: 'reset-after' }, times: 1 });
      await expect(submit(cartId, { terms: { acceptedKeys: ['CSA'] } })).rejects.toThrow();
      const after = await stats();
      expect(after.ordersCreated).toBe(before.ordersCreated + 1);
      expect(after.requests['POST /omni-svcs/v1/carts/:cartId/express-submit']).toBe(
        ((before.requests['POST /omni-svcs/v1/carts/:cartId/express-submit'] as number | undefined) ?? 0) + 1,
      );
      const read = await call('GET', `/carts/${cartId}`);
      expect(read.body.state).toBe('Submitted');
      expect(read.body.customerOrderId).toMatch(/^\d{2}-\d{14}$/);
      const retry = await submit(cartId, { terms: { acceptedKeys: ['CSA'] } });
      expect(retry.status).toBe(409);
      expect(retry.body).toMatchObject({ id: read.body.orderId, productOrder: { id: cartId }, error: { code: AttErrorCode.CART_ALREADY_SUBMITTED } });
      expect((await stats()).ordersCreated).toBe(after.ordersCreated);
    });
  });
});
