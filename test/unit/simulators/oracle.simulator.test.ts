import { expect } from '@jest/globals';
import {
  ORACLE_AGENT,
  ORACLE_COUPONS,
  ORACLE_PRODUCTS,
  ORACLE_PROFILES,
  ORACLE_SHIPPING_METHODS,
  ORACLE_TOKEN_TTL_SECONDS,
  OracleErrorCode,
  startOracleSimulator,
} from '../../../dev/simulators/oracle/oracle.simulator';
import type { RunningOracleSimulator } from '../../../dev/simulators/oracle/oracle.simulator';
import type { OracleOrderView } from '../../../dev/simulators/oracle/oracle.views';
import type { SimStatsSnapshot } from '../../../dev/simulators/kit/stats';

// Response bodies are read loosely here (the assertions, not the types, check their shape); where a test reads
// deeper, it names the simulator's own view of the body.
type Json = Record<string, unknown>;

interface Reply<B = Json> {
  status: number;
  body: B;
  text: string;
}

/** An order answer's body as the simulator's order view. */
const orderOf = (reply: Reply): OracleOrderView => reply.body as unknown as OracleOrderView;

const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', address1: '600 Dexter Avenue', city: 'Montgomery', state: 'AL', postalCode: '36130', country: 'US' };
const CARD = { type: 'card', cardToken: 'tok_visa_4242abcd', cardType: 'visa', lastFour: '4242' };
const VISA_NUMBER = '4111111111111111';

/** Integer cents from a JSON amount, so the assertions do exact arithmetic. */
const cents = (amount: number): number => Math.round(amount * 100);

describe('Oracle Commerce agent API simulator', () => {
  let oracle: RunningOracleSimulator;
  let token: string;

  async function raw<B = Json>(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Reply<B>> {
    const res = await fetch(`${oracle.baseUrl}${path}`, { method, body: init.body, headers: { accept: 'application/json', ...init.headers } });
    const text = await res.text();
    return { status: res.status, text, body: (text ? JSON.parse(text) : {}) as B };
  }

  const login = (username: string = ORACLE_AGENT.username, password: string = ORACLE_AGENT.password): Promise<Reply> =>
    raw('POST', '/ccagent/v1/login', {
      body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  async function relogin(): Promise<void> {
    token = (await login()).body.access_token as string;
  }

  /** An authorized agent call with a JSON body. */
  function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return raw(method, `/ccagent/v1${path}`, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });
  }

  const op = (body: Json, headers?: Record<string, string>): Promise<Reply> => call('POST', '/orders', body, headers);
  const advance = (seconds: number): Promise<Reply> =>
    raw('POST', '/__sim/clock', { body: JSON.stringify({ advanceSeconds: seconds }), headers: { 'content-type': 'application/json' } });
  const stats = async (): Promise<SimStatsSnapshot> => (await raw<SimStatsSnapshot>('GET', '/__sim/stats')).body;

  /** A priced cart with one phone (699.00) and two cases (29.99 each). */
  async function pricedCart(profileId = 'cust-1001', extra: Json = {}): Promise<OracleOrderView> {
    const created = await op({
      op: 'createOrder',
      profileId,
      shoppingCart: {
        items: [
          { productId: 'prod-phone-x', catRefId: 'sku-phone-x-128', quantity: 1 },
          { productId: 'prod-case', catRefId: 'sku-case-black', quantity: '2' },
        ],
      },
      ...extra,
    });
    expect(created.status).toBe(200);
    const priced = await op({ op: 'priceOrder', id: created.body.id });
    expect(priced.status).toBe(200);
    return orderOf(priced);
  }

  async function submittedOrder(profileId = 'cust-1001'): Promise<OracleOrderView> {
    const cart = await pricedCart(profileId);
    const res = await op({ op: 'submitOrder', id: cart.id, shippingAddress: ADDRESS, payments: [CARD] });
    expect(res.status).toBe(200);
    return orderOf(res);
  }

  beforeAll(async () => {
    oracle = await startOracleSimulator(0);
    await relogin();
  });

  afterAll(async () => {
    await oracle.close();
  });

  it('serves on a loopback origin with its seeded agent, profiles, catalogue, coupons and shipping methods', () => {
    expect(oracle.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(oracle.credentials).toEqual({ username: ORACLE_AGENT.username, password: ORACLE_AGENT.password });
    expect(ORACLE_PROFILES.map((p) => p.id)).toEqual(['cust-1001', 'cust-1002', 'cust-1003', 'cust-1004', 'cust-1005']);
    expect(ORACLE_PRODUCTS.length).toBeGreaterThanOrEqual(5);
    expect(ORACLE_PRODUCTS.some((p) => p.kind === 'bundle' && (p.bundleParts ?? []).length > 0)).toBe(true);
    expect(ORACLE_PRODUCTS.some((p) => p.kind === 'addOn' && (p.shopperInputs ?? []).length > 0)).toBe(true);
    expect(ORACLE_PRODUCTS.some((p) => p.skus.some((s) => s.recurring))).toBe(true);
    expect(ORACLE_COUPONS.map((c) => c.code)).toEqual(expect.arrayContaining(['SAVE10', 'FREESHIP']));
    expect(ORACLE_SHIPPING_METHODS.map((m) => [m.value, m.price])).toEqual([
      ['ground', '5.00'],
      ['express', '15.00'],
    ]);
  });

  describe('login and tokens', () => {
    it('logs the agent in with the password grant and answers a bearer token', async () => {
      const res = await login();
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/), token_type: 'bearer', expires_in: ORACLE_TOKEN_TTL_SECONDS });
    });

    it('refuses wrong credentials with 401 and an Oracle error body', async () => {
      const res = await login(ORACLE_AGENT.username, 'wrong-password');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: expect.any(String), status: '401', errorCode: OracleErrorCode.LOGIN_FAILED });
      expect(res.text).not.toContain('wrong-password');
    });

    it('refuses a login that is not a password-grant form', async () => {
      const json = await raw('POST', '/ccagent/v1/login', {
        body: JSON.stringify({ grant_type: 'password', username: ORACLE_AGENT.username, password: ORACLE_AGENT.password }),
        headers: { 'content-type': 'application/json' },
      });
      expect(json.status).toBe(400);
      expect(json.body.errorCode).toBe(OracleErrorCode.LOGIN_REQUEST_INVALID);
      const grant = await raw('POST', '/ccagent/v1/login', {
        body: 'grant_type=client_credentials',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(grant.body).toMatchObject({ status: '400', errorCode: OracleErrorCode.LOGIN_REQUEST_INVALID });
    });

    it('answers 401 for a missing or unknown token', async () => {
      const missing = await raw('GET', '/ccagent/v1/orders/o30001');
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ message: expect.any(String), status: '401', errorCode: OracleErrorCode.TOKEN_MISSING });
      const unknown = await raw('GET', '/ccagent/v1/orders/o30001', { headers: { authorization: 'Bearer not-a-token' } });
      expect(unknown.body).toMatchObject({ status: '401', errorCode: OracleErrorCode.TOKEN_INVALID });
    });

    it('expires tokens by the simulator clock', async () => {
      const cart = await op({ op: 'createNewCart', profileId: 'cust-1003' });
      expect(cart.status).toBe(200);
      await advance(ORACLE_TOKEN_TTL_SECONDS + 1);
      const expired = await call('GET', `/orders/${orderOf(cart).id}`);
      expect(expired.status).toBe(401);
      expect(expired.body.errorCode).toBe(OracleErrorCode.TOKEN_EXPIRED);
      await relogin();
      expect((await call('GET', `/orders/${orderOf(cart).id}`)).status).toBe(200);
    });

    it('revokes every token through the control surface', async () => {
      const revoked = await raw('POST', '/__sim/oracle/tokens/revoke');
      expect(revoked.body.revoked).toBeGreaterThan(0);
      expect((await call('GET', '/orders/o30001')).body.errorCode).toBe(OracleErrorCode.TOKEN_INVALID);
      await relogin();
    });
  });

  describe('carts and orders', () => {
    it('createNewCart makes an empty INCOMPLETE order for the profile on the default site', async () => {
      const before = await stats();
      const res = await op({ op: 'createNewCart', profileId: 'cust-1001' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^o\d{5,}$/),
        state: 'INCOMPLETE',
        orderProfileId: 'cust-1001',
        siteId: 'siteUS',
        submittedDate: null,
        organizationId: null,
        shoppingCart: { items: [], coupons: [], numberOfItems: 0 },
        priceInfo: { subTotal: 0, tax: 0, shipping: 0, total: 0, discountAmount: 0, currencyCode: 'USD' },
        payments: [],
      });
      expect(orderOf(res).shippingGroups[0]).toMatchObject({ shippingMethod: { value: 'ground' }, shippingAddress: null });
      expect(Number.isNaN(Date.parse(res.body.creationDate as string))).toBe(false);
      expect((await stats()).ordersCreated).toBe(before.ordersCreated);
    });

    it('createOrder keeps a bundle with its parts, an add-on with shopper input and recurring charges, still INCOMPLETE', async () => {
      const before = await stats();
      const res = await op({
        op: 'createOrder',
        profileId: 'cust-1002',
        shoppingCart: {
          items: [
            {
              productId: 'prod-starter-bundle',
              quantity: 1,
              childItems: [
                { productId: 'prod-phone-x', catRefId: 'sku-phone-x-256', quantity: 1 },
                { productId: 'prod-plan-unl', quantity: 1 },
                { productId: 'prod-gift-wrap', quantity: 1, shopperInput: { message: 'Happy Birthday', color: 'gold' } },
              ],
            },
          ],
        },
      });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('INCOMPLETE');
      const [bundle] = orderOf(res).shoppingCart.items;
      expect(bundle).toMatchObject({
        commerceItemId: expect.stringMatching(/^ci\d+$/),
        productId: 'prod-starter-bundle',
        catRefId: 'sku-starter-bundle',
        quantity: 1,
        listPrice: 749,
        rawTotalPrice: 749,
        externalRecurringCharge: 40,
        externalRecurringChargeFrequency: 'Monthly',
      });
      expect(bundle.childItems.map((c) => [c.productId, c.listPrice, c.addOnItem])).toEqual([
        ['prod-phone-x', 0, false],
        ['prod-plan-unl', 0, false],
        ['prod-gift-wrap', 4.99, true],
      ]);
      expect(bundle.childItems[1].externalRecurringCharge).toBeUndefined();
      expect(bundle.childItems[2].shopperInput).toEqual({ message: 'Happy Birthday', color: 'gold' });
      expect(new Set(bundle.childItems.map((c) => c.commerceItemId)).size).toBe(3);
      expect(orderOf(res).priceInfo.subTotal).toBe(753.99);
      expect(orderOf(res).recurringChargePriceInfo.subTotalByFrequency).toEqual([{ frequency: 'Monthly', amount: 40 }]);
      expect((await stats()).ordersCreated).toBe(before.ordersCreated);
    });

    it('createOrder without items and an unknown profile are refused', async () => {
      const empty = await op({ op: 'createOrder', profileId: 'cust-1001', shoppingCart: { items: [] } });
      expect(empty.status).toBe(400);
      expect(empty.body.errorCode).toBe(OracleErrorCode.ITEMS_REQUIRED);
      const nobody = await op({ op: 'createNewCart', profileId: 'cust-9999' });
      expect(nobody.status).toBe(400);
      expect(nobody.body).toMatchObject({ status: '400', errorCode: '22000', 'o:errorPath': 'profileId' });
    });

    it('answers validation errors in the multi-error form, one entry per bad field, codes as strings', async () => {
      const res = await op({
        op: 'createOrder',
        profileId: 'cust-1001',
        shoppingCart: {
          items: [
            { productId: 'prod-nope', quantity: 1 },
            { productId: 'prod-phone-x', catRefId: 'sku-case-black', quantity: 0 },
            { productId: 'prod-phone-x', quantity: 1 },
            { productId: 'prod-gift-wrap', quantity: 1 },
          ],
        },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: expect.any(String), status: '400' });
      const errors = (res.body.errors as Json[]).map((e) => [e.errorCode, e['o:errorPath'], e.status]);
      expect(errors).toEqual(
        expect.arrayContaining([
          ['20031', 'shoppingCart.items[0].productId', '400'],
          [OracleErrorCode.QUANTITY_INVALID, 'shoppingCart.items[1].quantity', '400'],
          [OracleErrorCode.SKU_INVALID, 'shoppingCart.items[1].catRefId', '400'],
          [OracleErrorCode.SKU_INVALID, 'shoppingCart.items[2].catRefId', '400'],
          [OracleErrorCode.CHILD_ITEM_INVALID, 'shoppingCart.items[3].productId', '400'],
          [OracleErrorCode.SHOPPER_INPUT_INVALID, 'shoppingCart.items[3].shopperInput.message', '400'],
        ]),
      );
      for (const e of res.body.errors as Json[]) expect(typeof e.errorCode).toBe('string');
    });

    it('refuses child items that do not belong to their parent and shopper input the add-on does not take', async () => {
      const res = await op({
        op: 'createOrder',
        profileId: 'cust-1001',
        shoppingCart: {
          items: [
            {
              productId: 'prod-case',
              quantity: 1,
              childItems: [
                { productId: 'prod-earbuds', quantity: 1 },
                { productId: 'prod-gift-wrap', quantity: 1, shopperInput: { message: 'Hi', colour: 'red' } },
              ],
            },
          ],
        },
      });
      expect(res.status).toBe(400);
      expect((res.body.errors as Json[]).map((e) => e['o:errorPath'])).toEqual([
        'shoppingCart.items[0].childItems[0].productId',
        'shoppingCart.items[0].childItems[1].shopperInput.colour',
      ]);
    });

    it('reads an order by id with includeResult=full, 404 in Oracle form for an unknown one', async () => {
      const cart = await pricedCart();
      const res = await call('GET', `/orders/${cart.id}?includeResult=full`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(cart.id);
      expect(orderOf(res).shoppingCart.items).toHaveLength(2);
      const missing = await call('GET', '/orders/o99999');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: expect.any(String), status: '404', errorCode: OracleErrorCode.ORDER_NOT_FOUND, 'o:errorPath': 'id' });
    });

    it('PUT replaces the item list, keeping items by commerceItemId, and sets address, method and dynamic properties', async () => {
      const cart = await pricedCart();
      const [phone, cases] = cart.shoppingCart.items;
      const res = await call('PUT', `/orders/${cart.id}`, {
        shoppingCart: {
          items: [
            { commerceItemId: cases.commerceItemId, productId: 'prod-case', catRefId: 'sku-case-black', quantity: 3 },
            { productId: 'prod-earbuds', quantity: 1 },
          ],
        },
        shippingAddress: ADDRESS,
        shippingMethod: { value: 'express' },
        dynamicPropertyShippingInstructions: 'Leave at the door',
        dynamicPropertyGiftOrder: 'true',
        unknownTopLevelKey: 'ignored',
      });
      expect(res.status).toBe(200);
      const items = orderOf(res).shoppingCart.items;
      expect(items.map((i) => [i.productId, i.quantity])).toEqual([
        ['prod-case', 3],
        ['prod-earbuds', 1],
      ]);
      expect(items[0].commerceItemId).toBe(cases.commerceItemId);
      expect(items.map((i) => i.commerceItemId)).not.toContain(phone.commerceItemId);
      expect(orderOf(res).shippingGroups[0]).toMatchObject({ shippingMethod: { value: 'express' }, shippingAddress: ADDRESS, priceInfo: { amount: 15 } });
      expect(res.body.dynamicProperties).toEqual([
        { id: 'dynamicPropertyShippingInstructions', label: 'Shipping Instructions', type: 'string', value: 'Leave at the door' },
        { id: 'dynamicPropertyGiftOrder', label: 'Gift Order', type: 'boolean', value: true },
      ]);
      const foreign = await call('PUT', `/orders/${cart.id}`, { shoppingCart: { items: [{ commerceItemId: 'ci1', productId: 'prod-case', quantity: 1 }] } });
      expect(foreign.status).toBe(400);
      expect(foreign.body.errorCode).toBe(OracleErrorCode.COMMERCE_ITEM_NOT_FOUND);
      const badProperty = await call('PUT', `/orders/${cart.id}`, { dynamicPropertyGiftOrder: 'maybe' });
      expect(badProperty.body).toMatchObject({ errorCode: OracleErrorCode.DYNAMIC_PROPERTY_INVALID, 'o:errorPath': 'dynamicPropertyGiftOrder' });
    });

    it('reports every bad address field at once', async () => {
      const cart = await pricedCart();
      const res = await call('PUT', `/orders/${cart.id}`, {
        shippingAddress: { address1: '1 Main St', city: 'Springfield', country: 'US', postalCode: 'ABCDE' },
      });
      expect(res.status).toBe(400);
      expect((res.body.errors as Json[]).map((e) => [e.errorCode, e['o:errorPath']])).toEqual([
        [OracleErrorCode.ADDRESS_INVALID, 'shippingAddress.state'],
        [OracleErrorCode.ADDRESS_INVALID, 'shippingAddress.postalCode'],
      ]);
      const abroad = await call('PUT', `/orders/${cart.id}`, { shippingAddress: { ...ADDRESS, country: 'FR' } });
      expect(abroad.body).toMatchObject({ errorCode: OracleErrorCode.ADDRESS_INVALID, 'o:errorPath': 'shippingAddress.country' });
    });
  });

  describe('pricing', () => {
    it('prices two lines with shipping and 8% tax on the subtotal', async () => {
      const cart = await pricedCart();
      const subtotal = 69900 + 2 * 2999;
      const tax = Math.round(subtotal * 0.08);
      expect(cart.shoppingCart.items.map((i) => cents(i.rawTotalPrice))).toEqual([69900, 5998]);
      expect(cents(cart.priceInfo.subTotal)).toBe(subtotal);
      expect(cents(cart.priceInfo.shipping)).toBe(500);
      expect(cents(cart.priceInfo.tax)).toBe(tax);
      expect(cents(cart.priceInfo.total)).toBe(subtotal + 500 + tax);
      expect(cart.priceInfo.total).toBe(824.7);
    });

    it('applies SAVE10 to the subtotal before tax and FREESHIP to shipping', async () => {
      const cart = await pricedCart();
      const res = await call('PUT', `/orders/${cart.id}`, { shoppingCart: { coupons: [{ code: 'save10' }, { code: 'FREESHIP' }] } });
      expect(res.status).toBe(200);
      const priced = orderOf(await op({ op: 'priceOrder', id: cart.id }));
      const subtotal = 75898;
      const discount = 7590; // 10% of 758.98, rounded half up
      const tax = Math.round((subtotal - discount) * 0.08);
      expect(cents(priced.priceInfo.discountAmount)).toBe(discount);
      expect(cents(priced.priceInfo.amount)).toBe(subtotal - discount);
      expect(priced.priceInfo.shipping).toBe(0);
      expect(cents(priced.priceInfo.tax)).toBe(tax);
      expect(cents(priced.priceInfo.total)).toBe(subtotal - discount + tax);
      expect(priced.shoppingCart.coupons).toEqual([
        { code: 'SAVE10', id: 'promo-save10', level: 'order', description: expect.any(String), status: 'claimed', totalAdjustment: -75.9 },
        { code: 'FREESHIP', id: 'promo-freeship', level: 'shipping', description: expect.any(String), status: 'claimed', totalAdjustment: -5 },
      ]);
      expect(priced.discountInfo).toMatchObject({ orderDiscount: 75.9, shippingDiscount: 5, orderCouponsMap: { SAVE10: { totalAdjustment: '-75.90' } } });
    });

    it('keeps a coupon below its threshold unclaimed, and refuses unknown and expired codes', async () => {
      const small = await op({
        op: 'createOrder',
        profileId: 'cust-1001',
        shoppingCart: { items: [{ productId: 'prod-case', quantity: 1 }], coupons: [{ code: 'TAKE50' }] },
      });
      expect(orderOf(small).shoppingCart.coupons[0]).toMatchObject({ code: 'TAKE50', status: 'unclaimed', totalAdjustment: 0 });
      expect(orderOf(small).priceInfo.discountAmount).toBe(0);
      const unknown = await call('PUT', `/orders/${orderOf(small).id}`, { shoppingCart: { coupons: [{ code: 'NOPE' }] } });
      expect(unknown.body).toEqual({
        message: expect.any(String),
        status: '400',
        errorCode: OracleErrorCode.COUPON_NOT_FOUND,
        'o:errorPath': 'shoppingCart.coupons[0].code',
      });
      const expired = await call('PUT', `/orders/${orderOf(small).id}`, { shoppingCart: { coupons: [{ code: 'EXPIRED2020' }] } });
      expect(expired.body.errorCode).toBe(OracleErrorCode.COUPON_EXPIRED);
    });

    it('prices a cart given in the body without keeping it', async () => {
      const res = await op({
        op: 'priceOrder',
        profileId: 'cust-1001',
        shoppingCart: { items: [{ productId: 'prod-earbuds', quantity: 2 }] },
        shippingMethod: { value: 'express' },
      });
      expect(res.status).toBe(200);
      expect(res.body.id).toBeUndefined();
      expect(cents(orderOf(res).priceInfo.total)).toBe(25800 + 1500 + Math.round(25800 * 0.08));
    });

    it('prices on siteCA in CAD with its own tax rate', async () => {
      const res = await op(
        { op: 'createOrder', profileId: 'cust-1001', shoppingCart: { items: [{ productId: 'prod-earbuds', quantity: 1 }] } },
        { 'x-ccsite': 'siteCA' },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ siteId: 'siteCA', priceInfo: { subTotal: 169, currencyCode: 'CAD', tax: 21.97 } });
    });
  });

  describe('pre-authorization and submit', () => {
    it('wants the order priced since its last change before authorizing', async () => {
      const cart = await pricedCart();
      await call('PUT', `/orders/${cart.id}`, { shoppingCart: { items: [{ productId: 'prod-case', quantity: 1 }] } });
      const res = await op({ op: 'preAuthorizeOrder', id: cart.id, payments: [CARD] });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe(OracleErrorCode.ORDER_NOT_PRICED);
    });

    it('authorizes a card by token and an invoice, keeping only brand and last four of the card', async () => {
      const cart = await pricedCart();
      const res = await op({
        op: 'preAuthorizeOrder',
        id: cart.id,
        payments: [
          { ...CARD, amount: 100 },
          { type: 'invoice', PONumber: 'PO-7781' },
        ],
        shippingAddress: ADDRESS,
      });
      expect(res.status).toBe(200);
      const payments = orderOf(res).payments;
      expect(payments.map((p) => [p.type, p.paymentState, cents(p.amount)])).toEqual([
        ['card', 'AUTHORIZED', 10000],
        ['invoice', 'AUTHORIZED', cents(cart.priceInfo.total) - 10000],
      ]);
      expect(payments[0]).toMatchObject({ cardType: 'visa', lastFour: '4242', maskedCardNumber: 'xxxxxxxxxxxx4242' });
      expect(payments[1].PONumber).toBe('PO-7781');
      expect(res.text).not.toContain(CARD.cardToken);
      expect(res.body.state).toBe('INCOMPLETE');
    });

    it('refuses a full card number without ever repeating it', async () => {
      const cart = await pricedCart();
      for (const payment of [
        { type: 'card', cardNumber: VISA_NUMBER, cardType: 'visa' },
        { type: 'card', cardToken: VISA_NUMBER, cardType: 'visa' },
        { type: 'physicalGiftCard', giftCardNumber: '6006491234567890', giftCardPin: '1234' },
      ]) {
        const res = await op({ op: 'preAuthorizeOrder', id: cart.id, payments: [payment] });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          message: expect.any(String),
          status: '400',
          errorCode: OracleErrorCode.CARD_NUMBER_NOT_ACCEPTED,
          'o:errorPath': 'payments[0]',
        });
        expect(res.text).not.toContain(VISA_NUMBER);
        expect(res.text).not.toContain('6006491234567890');
      }
    });

    it('refuses amounts that do not add up and declined test tokens', async () => {
      const cart = await pricedCart();
      const over = await op({ op: 'preAuthorizeOrder', id: cart.id, payments: [{ ...CARD, amount: 5000 }] });
      expect(over.body.errorCode).toBe(OracleErrorCode.PAYMENT_AMOUNT_MISMATCH);
      const declined = await op({ op: 'preAuthorizeOrder', id: cart.id, payments: [{ ...CARD, cardToken: 'tok_decline_0001' }] });
      expect(declined.body).toMatchObject({ errorCode: OracleErrorCode.PAYMENT_DECLINED, 'o:errorPath': 'payments[0].cardToken' });
      const noToken = await op({ op: 'preAuthorizeOrder', id: cart.id, payments: [{ type: 'card', cardType: 'visa' }] });
      expect(noToken.body).toMatchObject({ errorCode: OracleErrorCode.PAYMENT_INVALID, 'o:errorPath': 'payments[0].cardToken' });
    });

    it('submits once: needs an address, moves INCOMPLETE to SUBMITTED and counts one order', async () => {
      const cart = await pricedCart();
      const noAddress = await op({ op: 'submitOrder', id: cart.id, payments: [CARD] });
      expect(noAddress.body).toMatchObject({ errorCode: OracleErrorCode.SHIPPING_ADDRESS_REQUIRED, 'o:errorPath': 'shippingAddress' });
      const noPayment = await op({ op: 'submitOrder', id: cart.id, shippingAddress: ADDRESS });
      expect(noPayment.body.errorCode).toBe(OracleErrorCode.PAYMENT_REQUIRED);
      const before = (await stats()).ordersCreated;
      const res = await op({ op: 'submitOrder', id: cart.id, shippingAddress: ADDRESS, payments: [CARD] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: cart.id, state: 'SUBMITTED', submittedDate: expect.any(String), shippingGroups: [{ shippingAddress: ADDRESS }] });
      expect((await stats()).ordersCreated).toBe(before + 1);
      const again = await op({ op: 'submitOrder', id: cart.id, payments: [CARD] });
      expect(again.status).toBe(400);
      expect(again.body.errorCode).toBe(OracleErrorCode.ORDER_NOT_EDITABLE);
      const edit = await call('PUT', `/orders/${cart.id}`, { shippingMethod: { value: 'express' } });
      expect(edit.body.errorCode).toBe(OracleErrorCode.ORDER_NOT_EDITABLE);
      expect((await stats()).ordersCreated).toBe(before + 1);
    });

    it('submits with payments authorized earlier, and refuses an empty order', async () => {
      const cart = await pricedCart();
      await op({ op: 'preAuthorizeOrder', id: cart.id, payments: [CARD], shippingAddress: ADDRESS });
      const res = await op({ op: 'submitOrder', id: cart.id });
      expect(res.status).toBe(200);
      expect(orderOf(res).payments[0].paymentState).toBe('AUTHORIZED');
      const empty = await op({ op: 'createNewCart', profileId: 'cust-1001' });
      const refused = await op({ op: 'submitOrder', id: empty.body.id, payments: [CARD], shippingAddress: ADDRESS });
      expect(refused.body.errorCode).toBe(OracleErrorCode.ITEMS_REQUIRED);
    });

    it('moves SUBMITTED to PROCESSING after 120 s and NO_PENDING_ACTION after 1800 s of simulator time', async () => {
      const order = await submittedOrder();
      expect(order.state).toBe('SUBMITTED');
      await advance(119);
      expect((await call('GET', `/orders/${order.id}`)).body.state).toBe('SUBMITTED');
      await advance(1);
      expect((await call('GET', `/orders/${order.id}`)).body.state).toBe('PROCESSING');
      await advance(1680);
      await relogin();
      expect((await call('GET', `/orders/${order.id}`)).body.state).toBe('NO_PENDING_ACTION');
    });

    it('resends only SUBMITTED and PROCESSING orders for fulfilment', async () => {
      const fresh = await submittedOrder();
      const cart = await pricedCart();
      const res = await op({ op: 'resendOrdersForFulfillment', orders: [fresh.id, cart.id, 'o99999'] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ notSubmittedOrders: [cart.id, 'o99999'] });
      await advance(1800);
      await relogin();
      expect((await op({ op: 'resendOrdersForFulfillment', orders: [fresh.id] })).body.notSubmittedOrders).toEqual([fresh.id]);
      expect((await op({ op: 'resendOrdersForFulfillment', orders: 'o1' })).body.errorCode).toBe(OracleErrorCode.REQUEST_INVALID);
    });

    it('answers 400 for an unknown or missing op and a body that is not JSON', async () => {
      expect((await op({ op: 'deleteEverything' })).body).toMatchObject({ status: '400', errorCode: OracleErrorCode.OP_INVALID, 'o:errorPath': 'op' });
      expect((await op({ profileId: 'cust-1001' })).body.errorCode).toBe(OracleErrorCode.OP_INVALID);
      const notJson = await raw('POST', '/ccagent/v1/orders', {
        body: '{"op":',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      expect(notJson.status).toBe(400);
      expect(notJson.body.errorCode).toBe(OracleErrorCode.REQUEST_INVALID);
      const ops = (await raw<{ ops: Record<string, number> }>('GET', '/__sim/oracle/ops')).body;
      expect(ops.ops.submitOrder).toBeGreaterThan(0);
    });
  });

  describe('site and organization headers', () => {
    it('answers an unknown x-ccsite with 400 and an Oracle error body', async () => {
      const res = await op({ op: 'createNewCart', profileId: 'cust-1001' }, { 'x-ccsite': 'siteXX' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: expect.any(String), status: '400', errorCode: OracleErrorCode.SITE_NOT_FOUND, 'o:errorPath': 'x-ccsite' });
      expect((await call('GET', '/orders/o30001', undefined, { 'x-ccsite': 'siteXX' })).status).toBe(400);
    });

    it('checks X-CCOrganization and defaults to the profile first active organization', async () => {
      const unknown = await op({ op: 'createNewCart', profileId: 'cust-1004' }, { 'X-CCOrganization': 'or-999999' });
      expect(unknown.body).toMatchObject({ status: '400', errorCode: OracleErrorCode.ORGANIZATION_NOT_FOUND });
      const inactive = await op({ op: 'createNewCart', profileId: 'cust-1004' }, { 'X-CCOrganization': 'or-100003' });
      expect(inactive.body.errorCode).toBe(OracleErrorCode.ORGANIZATION_INACTIVE);
      const chosen = await op({ op: 'createNewCart', profileId: 'cust-1004' }, { 'X-CCOrganization': 'or-100002' });
      expect(chosen.body.organizationId).toBe('or-100002');
      const defaulted = await op({ op: 'createNewCart', profileId: 'cust-1004' });
      expect(defaulted.body.organizationId).toBe('or-100001');
    });
  });

  describe('order list', () => {
    it('lists a profile orders in the admin list shape, paged by limit and offset, newest first', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await submittedOrder('cust-1005')).id as string);
      await pricedCart('cust-1005');
      const q = 'profileId eq "cust-1005" and state ne "INCOMPLETE"';
      const first = await call('GET', `/orders?q=${encodeURIComponent(q)}&limit=2&offset=0&sort=submittedDate:desc`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ limit: 2, offset: 0, totalResults: 3 });
      const second = await call('GET', `/orders?q=${encodeURIComponent(q)}&limit=2&offset=2&sort=submittedDate:desc`);
      expect(second.body).toMatchObject({ limit: 2, offset: 2, totalResults: 3 });
      const listed = [...(first.body.items as Json[]), ...(second.body.items as Json[])].map((o) => o.id);
      expect(listed).toEqual([...ids].reverse());
      const all = await call('GET', `/orders?q=${encodeURIComponent('profileId eq "cust-1005"')}`);
      expect(all.body).toMatchObject({ limit: 250, offset: 0, totalResults: 4 });
      const carts = await call('GET', `/orders?q=${encodeURIComponent('profileId eq "cust-1005" and state eq "INCOMPLETE"')}`);
      expect(carts.body.totalResults).toBe(1);
    });

    it('refuses a query it cannot read', async () => {
      const res = await call('GET', `/orders?q=${encodeURIComponent('profileId co "cust"')}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: '400', errorCode: OracleErrorCode.LIST_QUERY_INVALID, 'o:errorPath': 'q' });
      expect((await call('GET', '/orders?limit=0')).body['o:errorPath']).toBe('limit');
    });
  });

  describe('kit integration', () => {
    it('answers unknown paths and injected faults with Oracle error bodies', async () => {
      const missing = await call('GET', '/nothing-here');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ status: '404', errorCode: OracleErrorCode.RESOURCE_NOT_FOUND });
      const armed = await raw('POST', '/__sim/faults', {
        body: JSON.stringify({ route: 'GET /ccagent/v1/orders/:id', fault: { type: 'status', status: 503 }, times: 1 }),
        headers: { 'content-type': 'application/json' },
      });
      expect(armed.status).toBe(201);
      const faulted = await call('GET', '/orders/o30001');
      expect(faulted.status).toBe(503);
      expect(faulted.body).toMatchObject({ status: '503', errorCode: OracleErrorCode.UPSTREAM });
      expect((await stats()).requests['GET /ccagent/v1/orders/:id']).toBeGreaterThan(0);
    });

    it('fails one op of the shared orders route before it runs or after it committed', async () => {
      const arm = (fault: Json): Promise<Reply> =>
        raw('POST', '/__sim/oracle/op-faults', { body: JSON.stringify(fault), headers: { 'content-type': 'application/json' } });
      expect((await arm({ op: 'noSuchOp', status: 500, when: 'after' })).status).toBe(400);
      const cart = await pricedCart();
      expect((await arm({ op: 'submitOrder', status: 500, when: 'after' })).status).toBe(201);
      const before = (await stats()).ordersCreated;
      const lost = await op({ op: 'submitOrder', id: cart.id, shippingAddress: ADDRESS, payments: [CARD] });
      expect(lost.status).toBe(500);
      expect(lost.body).toMatchObject({ status: '500', errorCode: OracleErrorCode.INTERNAL });
      expect((await stats()).ordersCreated).toBe(before + 1);
      expect((await call('GET', `/orders/${cart.id}`)).body.state).toBe('SUBMITTED');

      const other = await pricedCart();
      await arm({ op: 'submitOrder', status: 503, when: 'before', times: 1 });
      expect((await op({ op: 'submitOrder', id: other.id, shippingAddress: ADDRESS, payments: [CARD] })).status).toBe(503);
      expect((await call('GET', `/orders/${other.id}`)).body.state).toBe('INCOMPLETE');
      expect((await op({ op: 'priceOrder', id: other.id })).status).toBe(200);
      expect((await op({ op: 'submitOrder', id: other.id, shippingAddress: ADDRESS, payments: [CARD] })).status).toBe(200);
      expect((await stats()).ordersCreated).toBe(before + 2);
    });
  });
});
