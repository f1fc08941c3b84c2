import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ADOBE_ROUTES, ADOBE_SIM_CREDENTIALS, AdobeErrorCode, startAdobeSimulator } from '../../../dev/simulators/adobe/adobe.simulator';
import type { RunningAdobeSimulator } from '../../../dev/simulators/adobe/adobe.simulator';
import type { AdobeOrderView } from '../../../dev/simulators/adobe/adobe.views';
import type { SimStatsSnapshot } from '../../../dev/simulators/kit/stats';

// Response bodies are read loosely here (the assertions, not the types, check their shape); where a test reads
// deeper, it names the simulator's own view of the body.
type Json = Record<string, unknown>;

interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

/** An orders list answer, as the simulator writes it. */
interface AdobeOrderList {
  items: AdobeOrderView[];
  links: { next?: { uri: string }; prev?: { uri: string } };
}

/** An order answer's body as the simulator's order view. */
const orderOf = (reply: Reply): AdobeOrderView => reply.body as unknown as AdobeOrderView;
/** An orders list answer's body. */
const listOf = (reply: Reply): AdobeOrderList => reply.body as unknown as AdobeOrderList;

const DAY = 86_400;

describe('Adobe VIP Marketplace simulator', () => {
  let adobe: RunningAdobeSimulator;
  let token: string;

  async function raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${adobe.baseUrl}${path}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
  }

  async function getToken(): Promise<Reply> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: ADOBE_SIM_CREDENTIALS.clientId,
      client_secret: ADOBE_SIM_CREDENTIALS.clientSecret,
      scope: 'openid,AdobeID,ent_partners_sdk',
    });
    const res = await fetch(`${adobe.imsUrl}/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
  }

  /**
   * An API call with valid headers; `headers` overrides them (null removes one). Tokens expire by the sim clock, which
   * the tests move by days, so a 401 on the default token fetches a new one and sends again.
   */
  async function api(method: string, path: string, body?: unknown, headers: Record<string, string | null> = {}): Promise<Reply> {
    const send = (): Promise<Reply> => {
      const base: Record<string, string | null> = {
        'x-api-key': ADOBE_SIM_CREDENTIALS.apiKey,
        authorization: `Bearer ${token}`,
        'x-request-id': randomUUID(),
        'x-correlation-id': randomUUID(),
        ...headers,
      };
      const sent = Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== null));
      return raw(method, path, body, sent);
    };
    const res = await send();
    if (res.status !== 401 || 'authorization' in headers) return res;
    token = (await getToken()).body.access_token as string;
    return send();
  }

  const order = (customerId: string, body: Json | string, correlationId = randomUUID(), query = ''): Promise<Reply> =>
    api('POST', `/v3/customers/${customerId}/orders${query}`, body, { 'x-correlation-id': correlationId });
  const line = (extLineItemNumber: number, offerId: string, quantity: number, extra: Json = {}): Json => ({ extLineItemNumber, offerId, quantity, ...extra });
  const advance = (seconds: number): Promise<Reply> => raw('POST', '/__sim/clock', { advanceSeconds: seconds });
  const stats = async (): Promise<SimStatsSnapshot> => (await raw('GET', '/__sim/stats')).body as unknown as SimStatsSnapshot;
  const newOrder = async (customerId: string, lines: Json[]): Promise<AdobeOrderView> => {
    const res = await order(customerId, { orderType: 'NEW', lineItems: lines });
    expect(res.status).toBe(201);
    return orderOf(res);
  };

  beforeAll(async () => {
    adobe = await startAdobeSimulator(0);
    token = (await getToken()).body.access_token as string;
  });

  afterAll(async () => {
    await adobe.close();
  });

  it('serves the partner API and IMS on one loopback server', () => {
    expect(adobe.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(adobe.imsUrl).toBe(`${adobe.baseUrl}/ims`);
    expect(adobe.credentials).toEqual(ADOBE_SIM_CREDENTIALS);
  });

  describe('IMS', () => {
    it('issues a bearer token for the client credentials', async () => {
      const res = await getToken();
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: expect.any(Number) });
      expect(res.body.expires_in).toBeGreaterThan(3600);
    });

    it('refuses a wrong secret with 401 invalid_client and another grant with 400', async () => {
      const bad = await fetch(`${adobe.imsUrl}/token/v3`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ADOBE_SIM_CREDENTIALS.clientId, client_secret: 'nope' }).toString(),
      });
      expect(bad.status).toBe(401);
      expect(((await bad.json()) as Json).error).toBe('invalid_client');
      const grant = await fetch(`${adobe.imsUrl}/token/v3`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: ADOBE_SIM_CREDENTIALS.clientId,
          client_secret: ADOBE_SIM_CREDENTIALS.clientSecret,
        }).toString(),
      });
      expect(grant.status).toBe(400);
    });
  });

  describe('authentication and headers', () => {
    it('403 4115 for a bad API key, 403 4117 without a token, 401 4116 for an unknown token', async () => {
      const key = await api('GET', '/v3/customers/cust-1001/orders', undefined, { 'x-api-key': 'someone-else' });
      expect([key.status, key.body.code]).toEqual([403, AdobeErrorCode.INVALID_API_KEY]);
      const none = await api('GET', '/v3/customers/cust-1001/orders', undefined, { authorization: null });
      expect([none.status, none.body.code]).toEqual([403, AdobeErrorCode.MISSING_TOKEN]);
      const bad = await api('GET', '/v3/customers/cust-1001/orders', undefined, { authorization: 'Bearer not-a-token' });
      expect([bad.status, bad.body.code]).toEqual([401, AdobeErrorCode.INVALID_TOKEN]);
      expect(typeof bad.body.message).toBe('string');
    });

    it('400 4119 without X-Correlation-Id, and places nothing', async () => {
      const before = (await stats()).ordersCreated;
      const res = await api(
        'POST',
        '/v3/customers/cust-1001/orders',
        { orderType: 'NEW', lineItems: [line(1, '65304470CA01A12', 1)] },
        { 'x-correlation-id': null },
      );
      expect([res.status, res.body.code]).toEqual([400, AdobeErrorCode.MISSING_CORRELATION_ID]);
      expect((await stats()).ordersCreated).toBe(before);
    });

    it('400 4120 for a repeated X-Request-Id, and echoes the ids it accepts', async () => {
      const requestId = randomUUID();
      const first = await api('GET', '/v3/customers/cust-1001/orders', undefined, { 'x-request-id': requestId, 'x-correlation-id': 'corr-echo-1' });
      expect(first.status).toBe(200);
      expect(first.headers.get('x-request-id')).toBe(requestId);
      expect(first.headers.get('x-correlation-id')).toBe('corr-echo-1');
      const again = await api('GET', '/v3/customers/cust-1001/orders', undefined, { 'x-request-id': requestId });
      expect([again.status, again.body.code]).toEqual([400, AdobeErrorCode.DUPLICATE_REQUEST_ID]);
    });
  });

  describe('orders', () => {
    it('NEW: 201 with status 1002, empty subscription ids and a self link; one order counted', async () => {
      const before = (await stats()).ordersCreated;
      const res = await order('cust-1001', {
        orderType: 'NEW',
        externalReferenceId: 'PO-759',
        lineItems: [line(4, '65304470CA01A12', 2, { currencyCode: 'USD', deploymentId: '12345' })],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        externalReferenceId: 'PO-759',
        orderId: expect.stringMatching(/^\d{10}$/),
        customerId: 'cust-1001',
        orderType: 'NEW',
        referenceOrderId: '',
        currencyCode: 'USD',
        creationDate: expect.stringMatching(/Z$/),
        status: '1002',
        source: 'API',
        lineItems: [
          {
            extLineItemNumber: 4,
            offerId: '65304470CA01A12',
            quantity: 2,
            subscriptionId: '',
            status: '1002',
            currencyCode: 'USD',
            deploymentId: '12345',
            remainingQuantity: 2,
          },
        ],
      });
      expect(orderOf(res).links?.self).toEqual({ uri: `/v3/customers/cust-1001/orders/${orderOf(res).orderId}`, method: 'GET', headers: [] });
      expect(res.body.pricingSummary).toBeUndefined();
      expect((await stats()).ordersCreated).toBe(before + 1);
    });

    it('moves 1002 to 1000 with subscription ids as the sim clock passes 60 s', async () => {
      const placed = await newOrder('cust-1002', [line(1, '65304921CA01A12', 3)]);
      const early = await api('GET', `/v3/customers/cust-1002/orders/${placed.orderId}`);
      expect(early.body.status).toBe('1002');
      expect(orderOf(early).lineItems[0].subscriptionId).toBe('');
      await advance(61);
      const later = await api('GET', `/v3/customers/cust-1002/orders/${placed.orderId}`);
      expect(later.status).toBe(200);
      expect(later.body.status).toBe('1000');
      expect(orderOf(later).lineItems[0]).toMatchObject({ status: '1000', subscriptionId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    });

    it('fails cust-1005 orders asynchronously: 1002, then 1004', async () => {
      const placed = await newOrder('cust-1005', [line(1, '65305247CA01A12', 1)]);
      expect(placed.status).toBe('1002');
      await advance(61);
      const later = await api('GET', `/v3/customers/cust-1005/orders/${placed.orderId}`);
      expect(later.body.status).toBe('1004');
      expect(orderOf(later).lineItems[0].subscriptionId).toBe('');
    });

    it('replays the stored original response for a repeated X-Correlation-Id and places nothing new', async () => {
      const correlationId = randomUUID();
      const body = { orderType: 'NEW', lineItems: [line(1, '65304479CA01A12', 1)] };
      const first = await order('cust-1001', body, correlationId);
      const afterFirst = (await stats()).ordersCreated;
      await advance(120);
      const second = await order('cust-1001', { ...body, lineItems: [line(1, '65304479CA01A12', 7)] }, correlationId);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.body.status).toBe('1002');
      expect((await stats()).ordersCreated).toBe(afterFirst);
    });

    it('forgets a correlation id after 10 days: the same id then places a new order', async () => {
      const correlationId = randomUUID();
      const body = { orderType: 'NEW', lineItems: [line(1, '65304479CA01A12', 1)] };
      const first = await order('cust-1001', body, correlationId);
      await advance(10 * DAY + 60);
      const second = await order('cust-1001', body, correlationId);
      expect(second.status).toBe(201);
      expect(second.body.orderId).not.toBe(first.body.orderId);
    });

    it('does not store a refused request: the corrected retry under the same correlation id is placed', async () => {
      const correlationId = randomUUID();
      const refused = await order('cust-1001', { orderType: 'NEW', lineItems: [line(1, '99999999CA01A12', 1)] }, correlationId);
      expect([refused.status, refused.body.code]).toEqual([400, AdobeErrorCode.INVALID_OFFER]);
      const fixed = await order('cust-1001', { orderType: 'NEW', lineItems: [line(1, '65304470CA01A12', 1)] }, correlationId);
      expect(fixed.status).toBe(201);
      expect(fixed.body.orderId).toMatch(/^\d{10}$/);
    });

    it('PREVIEW: nothing placed, empty orderId and status, no links; prices only with fetch-price=true', async () => {
      const before = (await stats()).ordersCreated;
      const plain = await order('cust-1001', { orderType: 'PREVIEW', lineItems: [line(1, '65304470CA01A12', 2)] });
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({ orderId: '', status: '', orderType: 'PREVIEW' });
      expect(plain.body.links).toBeUndefined();
      expect(orderOf(plain).lineItems[0].pricing).toBeUndefined();
      const priced = await order('cust-1001', { orderType: 'PREVIEW', lineItems: [line(1, '65304470CA01A12', 2)] }, randomUUID(), '?fetch-price=true');
      expect(orderOf(priced).lineItems[0]).toMatchObject({
        offerId: '65304470CA01A12',
        proratedDays: 365,
        pricing: { partnerPrice: 341.89, discountedPartnerPrice: 341.89, netPartnerPrice: 341.89, lineItemPartnerPrice: 683.78 },
      });
      expect(orderOf(priced).lineItems[0].pricing).not.toHaveProperty('tax');
      expect(priced.body.pricingSummary).toEqual([{ totalLineItemPartnerPrice: 683.78, currencyCode: 'USD' }]);
      expect((await stats()).ordersCreated).toBe(before);
    });

    it('PREVIEW swaps an offer for the better volume level its quantity earns, and applies a discount code', async () => {
      const res = await order(
        'cust-1001',
        {
          orderType: 'PREVIEW',
          lineItems: [line(1, '65304470CA01A12', 12), line(2, '65304921CA01A12', 150, { discountCode: 'HVD_L17_PRE' }), line(3, '65304479CA01A12', 9)],
        },
        randomUUID(),
        '?fetch-price=true',
      );
      expect(res.status).toBe(201);
      const [a, b, c] = orderOf(res).lineItems;
      expect(a.offerId).toBe('65304470CA02A12');
      expect(a.pricing!.partnerPrice).toBe(324.79);
      expect(b.offerId).toBe('65304921CA04A12');
      expect(b.pricing).toMatchObject({ partnerPrice: 195.39, discountedPartnerPrice: 175.85 });
      expect(b.discountCode).toBe('HVD_L17_PRE');
      expect(c.offerId).toBe('65304479CA01A12');
    });

    it('prices in EUR for a EUR customer, and refuses a currency the offer or customer does not use', async () => {
      const eur = await order(
        'cust-1004',
        { orderType: 'PREVIEW', lineItems: [line(1, '65304470CA01A12', 1, { currencyCode: 'EUR' })] },
        randomUUID(),
        '?fetch-price=true',
      );
      expect(orderOf(eur).lineItems[0].pricing!.partnerPrice).toBe(376.09);
      expect(orderOf(eur).pricingSummary![0].currencyCode).toBe('EUR');
      const notSold = await order('cust-1004', { orderType: 'PREVIEW', lineItems: [line(1, '65304768CA01A12', 1)] });
      expect([notSold.status, notSold.body.code, notSold.body.additionalDetails]).toEqual([400, AdobeErrorCode.CURRENCY_INVALID_FOR_OFFER, ['currencyCode']]);
      const notAligned = await order('cust-1001', { orderType: 'PREVIEW', lineItems: [line(1, '65304470CA01A12', 1, { currencyCode: 'EUR' })] });
      expect([notAligned.status, notAligned.body.code]).toEqual([400, AdobeErrorCode.CURRENCY_NOT_ALIGNED]);
    });
  });

  describe('validation error families', () => {
    const expectError = async (res: Promise<Reply>, status: number, code: string, details?: string[]): Promise<void> => {
      const r = await res;
      expect([r.status, r.body.code]).toEqual([status, code]);
      expect(typeof r.body.code).toBe('string');
      if (details) expect(r.body.additionalDetails).toEqual(details);
    };

    it('1117 invalid fields, naming each; 1121 unexpected fields; 1122 missing fields', async () => {
      await expectError(
        order('cust-1001', { orderType: 'NEW', lineItems: [{ extLineItemNumber: 'one', offerId: '65304470CA01A12', quantity: 1.5 }] }),
        400,
        '1117',
        ['lineItems[0].extLineItemNumber', 'lineItems[0].quantity'],
      );
      await expectError(order('cust-1001', { orderType: 'BUY', lineItems: [line(1, '65304470CA01A12', 1)] }), 400, '1117', ['orderType']);
      await expectError(order('cust-1001', '{"orderType":', randomUUID()), 400, '1117', ['body']);
      await expectError(order('cust-1001', { orderType: 'NEW', orderId: '1', lineItems: [line(1, '65304470CA01A12', 1, { price: 1 })] }), 400, '1121', [
        'orderId',
        'lineItems[0].price',
      ]);
      await expectError(order('cust-1001', { orderType: 'NEW' }), 400, '1122', ['lineItems']);
      await expectError(order('cust-1001', { lineItems: [{ extLineItemNumber: 1, quantity: 1 }] }), 400, '1122', ['orderType', 'lineItems[0].offerId']);
    });

    it('1116 for an unknown customer (404)', async () => {
      await expectError(order('cust-9999', { orderType: 'NEW', lineItems: [line(1, '65304470CA01A12', 1)] }), 404, '1116');
    });

    it('2119 too many lines, 2120 quantity, 2121 duplicate line numbers, 2123 line number, 2126 reference', async () => {
      const many = Array.from({ length: 500 }, (_, i) => line(i + 1, '65304470CA01A12', 1));
      await expectError(order('cust-1001', { orderType: 'PREVIEW', lineItems: many }), 400, '2119', ['lineItems']);
      await expectError(order('cust-1001', { orderType: 'NEW', lineItems: [line(1, '65304470CA01A12', 0)] }), 400, '2120', ['lineItems[0].quantity']);
      await expectError(order('cust-1001', { orderType: 'NEW', lineItems: [line(1, '65304470CA01A12', 10_001)] }), 400, '2120', ['lineItems[0].quantity']);
      await expectError(order('cust-1001', { orderType: 'NEW', lineItems: [line(3, '65304470CA01A12', 1), line(3, '65304921CA01A12', 1)] }), 400, '2121', [
        'lineItems[1].extLineItemNumber',
      ]);
      await expectError(order('cust-1001', { orderType: 'NEW', lineItems: [line(1_000_000, '65304470CA01A12', 1)] }), 400, '2123', [
        'lineItems[0].extLineItemNumber',
      ]);
      await expectError(
        order('cust-1001', { orderType: 'NEW', externalReferenceId: 'x'.repeat(36), lineItems: [line(1, '65304470CA01A12', 1)] }),
        400,
        '2126',
        ['externalReferenceId'],
      );
    });

    it('2122 invalid offer, 2140 order- and line-level currency, 2138 unknown deployment, 2141 unknown discount', async () => {
      await expectError(order('cust-1001', { orderType: 'NEW', lineItems: [line(1, '65304470CA09A12', 1)] }), 400, '2122', ['lineItems[0].offerId']);
      await expectError(
        order('cust-1001', { orderType: 'NEW', currencyCode: 'USD', lineItems: [line(1, '65304470CA01A12', 1, { currencyCode: 'USD' })] }),
        400,
        '2140',
        ['currencyCode', 'lineItems[0].currencyCode'],
      );
      await expectError(order('cust-1001', { orderType: 'NEW', lineItems: [line(1, '65304470CA01A12', 1, { deploymentId: 'dep-x' })] }), 404, '2138', [
        'lineItems[0].deploymentId',
      ]);
      await expectError(order('cust-1001', { orderType: 'NEW', lineItems: [line(1, '65304470CA01A12', 1, { discountCode: 'NOPE' })] }), 400, '2141', [
        'lineItems[0].discountCode',
      ]);
    });

    it('refused requests place nothing', async () => {
      const before = await stats();
      await order('cust-1001', { orderType: 'NEW', lineItems: [line(1, '65304470CA01A12', 0)] });
      const after = await stats();
      expect(after.ordersCreated).toBe(before.ordersCreated);
    });
  });

  describe('returns', () => {
    it('returns part of a complete order, then the rest: remaining quantity falls, lines and order end 1008', async () => {
      const placed = await newOrder('cust-1001', [line(1, '65304470CA01A12', 5), line(2, '65304921CA01A12', 2)]);
      await advance(61);
      const partial = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(1, '65304470CA01A12', 2)] });
      expect(partial.status).toBe(201);
      expect(partial.body).toMatchObject({
        orderType: 'RETURN',
        referenceOrderId: placed.orderId,
        status: '1002',
        lineItems: [{ extLineItemNumber: 1, quantity: 2 }],
      });
      let original = orderOf(await api('GET', `/v3/customers/cust-1001/orders/${placed.orderId}`));
      expect(original.status).toBe('1000');
      expect(original.lineItems[0]).toMatchObject({ status: '1000', remainingQuantity: 3 });

      const over = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(1, '65304470CA01A12', 4)] });
      expect([over.status, over.body.code, over.body.additionalDetails]).toEqual([422, 'RETURN_QTY_EXCEEDS_REMAINING', ['lineItems[0].quantity']]);

      const rest = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(1, '65304470CA01A12', 3)] });
      expect(rest.status).toBe(201);
      original = orderOf(await api('GET', `/v3/customers/cust-1001/orders/${placed.orderId}`));
      expect(original.status).toBe('1000');
      expect(original.lineItems[0]).toMatchObject({ status: '1008', remainingQuantity: 0 });
      const again = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(1, '65304470CA01A12', 1)] });
      expect([again.status, again.body.code]).toEqual([400, AdobeErrorCode.RETURN_ALREADY_RETURNED]);

      const last = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(2, '65304921CA01A12', 2)] });
      expect(last.status).toBe(201);
      original = orderOf(await api('GET', `/v3/customers/cust-1001/orders/${placed.orderId}`));
      expect(original.status).toBe('1008');
      expect(original.lineItems.map((l) => l.status)).toEqual(['1008', '1008']);
      const whole = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(2, '65304921CA01A12', 1)] });
      expect([whole.status, whole.body.code]).toEqual([400, AdobeErrorCode.RETURN_ALREADY_RETURNED]);
    });

    it('matches lines by extLineItemNumber and offerId (2131), and refuses a pending order with 422', async () => {
      const placed = await newOrder('cust-1001', [line(7, '65304470CA01A12', 2)]);
      const pending = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(7, '65304470CA01A12', 1)] });
      expect([pending.status, pending.body.code]).toEqual([422, AdobeErrorCode.RETURN_ORDER_NOT_COMPLETE]);
      await advance(61);
      const wrongOffer = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(7, '65304921CA01A12', 1)] });
      expect([wrongOffer.status, wrongOffer.body.code, wrongOffer.body.additionalDetails]).toEqual([
        400,
        AdobeErrorCode.RETURN_LINE_MISMATCH,
        ['lineItems[0]'],
      ]);
      const wrongLine = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(8, '65304470CA01A12', 1)] });
      expect(wrongLine.body.code).toBe(AdobeErrorCode.RETURN_LINE_MISMATCH);
    });

    it('refuses a return after 14 days (2134), of an unknown order (2130), or without a reference (1122)', async () => {
      const placed = await newOrder('cust-1001', [line(1, '65304470CA01A12', 2)]);
      await advance(14 * DAY + 120);
      const late = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(1, '65304470CA01A12', 1)] });
      expect([late.status, late.body.code, late.body.additionalDetails]).toEqual([400, AdobeErrorCode.RETURN_WINDOW_EXPIRED, ['referenceOrderId']]);
      const seeded = await order('cust-1002', { orderType: 'RETURN', referenceOrderId: '5100000007', lineItems: [line(1, '65304479CA01A12', 1)] });
      expect(seeded.body.code).toBe(AdobeErrorCode.RETURN_WINDOW_EXPIRED);
      const unknown = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: '1234567890', lineItems: [line(1, '65304470CA01A12', 1)] });
      expect(unknown.body.code).toBe(AdobeErrorCode.RETURN_REFERENCE_INVALID);
      const missing = await order('cust-1001', { orderType: 'RETURN', lineItems: [line(1, '65304470CA01A12', 1)] });
      expect([missing.body.code, missing.body.additionalDetails]).toEqual(['1122', ['referenceOrderId']]);
    });

    it('counts a return as an order, replays it on the same correlation id, and refuses returning a return (2130)', async () => {
      const placed = await newOrder('cust-1001', [line(1, '65304470CA01A12', 4)]);
      await advance(61);
      const correlationId = randomUUID();
      const before = (await stats()).ordersCreated;
      const body = { orderType: 'RETURN', referenceOrderId: placed.orderId, lineItems: [line(1, '65304470CA01A12', 1)] };
      const first = await order('cust-1001', body, correlationId);
      const second = await order('cust-1001', body, correlationId);
      expect(second.body.orderId).toBe(first.body.orderId);
      expect((await stats()).ordersCreated).toBe(before + 1);
      const ofReturn = await order('cust-1001', { orderType: 'RETURN', referenceOrderId: first.body.orderId, lineItems: [line(1, '65304470CA01A12', 1)] });
      expect([ofReturn.status, ofReturn.body.code]).toEqual([400, AdobeErrorCode.RETURN_REFERENCE_INVALID]);
      const original = orderOf(await api('GET', `/v3/customers/cust-1001/orders/${placed.orderId}`));
      expect(original.lineItems[0].remainingQuantity).toBe(3);
    });
  });

  describe('renewals', () => {
    it('PREVIEW_RENEWAL lists every subscription: 1000 will renew, 1004 will not; nothing placed', async () => {
      const before = (await stats()).ordersCreated;
      const res = await order('cust-1001', { orderType: 'PREVIEW_RENEWAL' }, randomUUID(), '?fetch-price=true');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ orderId: '', status: '', orderType: 'PREVIEW_RENEWAL' });
      expect(orderOf(res).lineItems.map((l) => [l.offerId, l.quantity, l.status])).toEqual([
        ['65304470CA01A12', 5, '1000'],
        ['65304921CA01A12', 3, '1000'],
        ['65304479CA01A12', 2, '1004'],
      ]);
      expect(orderOf(res).lineItems[0].subscriptionId).toMatch(/^[0-9a-f]{32}$/);
      expect(orderOf(res).pricingSummary![0].totalLineItemPartnerPrice).toBe(2393.12);
      expect((await stats()).ordersCreated).toBe(before);
    });

    it('2136 for a customer with nothing set to auto-renew', async () => {
      const res = await order('cust-1003', { orderType: 'PREVIEW_RENEWAL' });
      expect([res.status, res.body.code]).toEqual([400, AdobeErrorCode.NO_AUTO_RENEWAL]);
      const place = await order('cust-1003', { orderType: 'RENEWAL' });
      expect(place.body.code).toBe(AdobeErrorCode.NO_AUTO_RENEWAL);
    });

    it('RENEWAL places the auto-renewing lines once; a replay places nothing; a second renewal is 3121', async () => {
      const before = (await stats()).ordersCreated;
      const correlationId = randomUUID();
      const res = await order('cust-1004', { orderType: 'RENEWAL' }, correlationId);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        orderType: 'RENEWAL',
        status: '1002',
        currencyCode: 'EUR',
        lineItems: [{ offerId: '65304921CA01A12', quantity: 8, subscriptionId: '' }],
      });
      const replay = await order('cust-1004', { orderType: 'RENEWAL' }, correlationId);
      expect(replay.body.orderId).toBe(res.body.orderId);
      expect((await stats()).ordersCreated).toBe(before + 1);
      const second = await order('cust-1004', { orderType: 'RENEWAL' });
      expect(second.body.code).toBe(AdobeErrorCode.RENEWAL_ALREADY_PLACED);
    });
  });

  describe('reads', () => {
    it("GET of an unknown order or another customer's order is 404 2115", async () => {
      const missing = await api('GET', '/v3/customers/cust-1001/orders/1234567890');
      expect([missing.status, missing.body.code]).toEqual([404, AdobeErrorCode.INVALID_ORDER]);
      const other = await api('GET', '/v3/customers/cust-1001/orders/5100000001');
      expect(other.status).toBe(404);
    });

    it('lists newest first with totalCount, count, offset, limit and links; pages by limit and offset', async () => {
      const first = await api('GET', '/v3/customers/cust-1002/orders?limit=3&offset=0');
      expect(first.status).toBe(200);
      const total = first.body.totalCount as number;
      expect(total).toBeGreaterThanOrEqual(7);
      expect(first.body).toMatchObject({ count: 3, offset: 0, limit: 3 });
      expect(listOf(first).links.next!.uri).toBe('/v3/customers/cust-1002/orders?limit=3&offset=3');
      expect(listOf(first).links.prev).toBeUndefined();
      const dates = listOf(first).items.map((o) => Date.parse(o.creationDate));
      expect([...dates].sort((a, b) => b - a)).toEqual(dates);
      const second = await api('GET', '/v3/customers/cust-1002/orders?limit=3&offset=3');
      const ids = new Set([...listOf(first).items, ...listOf(second).items].map((o) => o.orderId));
      expect(ids.size).toBe(6);
      const end = await api('GET', `/v3/customers/cust-1002/orders?offset=${total}`);
      expect([end.status, end.body.count]).toEqual([200, 0]);
      const queries = (await raw('GET', '/__sim/adobe/list-queries')).body.queries as Json[];
      expect(queries.filter((q) => q.customerId === 'cust-1002').slice(-3)).toEqual([
        { customerId: 'cust-1002', limit: 3, offset: 0 },
        { customerId: 'cust-1002', limit: 3, offset: 3 },
        { customerId: 'cust-1002', limit: 25, offset: total },
      ]);
    });

    it('limit defaults to 25 and clamps above 100; a bad limit is 1117; an offset past the total is 1133', async () => {
      const dflt = await api('GET', '/v3/customers/cust-1002/orders');
      expect(dflt.body.limit).toBe(25);
      const clamped = await api('GET', '/v3/customers/cust-1002/orders?limit=500');
      expect(clamped.body.limit).toBe(100);
      const zero = await api('GET', '/v3/customers/cust-1002/orders?limit=0');
      expect([zero.status, zero.body.code, zero.body.additionalDetails]).toEqual([400, '1117', ['limit']]);
      const total = dflt.body.totalCount as number;
      const past = await api('GET', `/v3/customers/cust-1002/orders?offset=${total + 1}`);
      expect([past.status, past.body.code]).toEqual([400, AdobeErrorCode.OFFSET_BEYOND_TOTAL]);
    });

    it('filters by order type and status, and prices with fetch-price=true', async () => {
      const renewals = await api('GET', '/v3/customers/cust-1002/orders?order-type=RENEWAL&fetch-price=true');
      expect(listOf(renewals).items.length).toBeGreaterThanOrEqual(1);
      expect(listOf(renewals).items.every((o) => o.orderType === 'RENEWAL')).toBe(true);
      expect(listOf(renewals).items[0].pricingSummary![0]).toMatchObject({ currencyCode: 'USD' });
      const done = await api('GET', '/v3/customers/cust-1002/orders?status=1000&status=1008');
      expect(listOf(done).items.every((o) => ['1000', '1008'].includes(o.status))).toBe(true);
      const badType = await api('GET', '/v3/customers/cust-1002/orders?order-type=PREVIEW');
      expect(badType.body.code).toBe('1117');
    });
  });

  describe('tokens by the sim clock', () => {
    it('expires tokens after their lifetime: 401 4116, and a new token works', async () => {
      const fresh = (await getToken()).body.access_token as string;
      await advance(86_400 + 10);
      const expired = await api('GET', '/v3/customers/cust-1001/orders', undefined, { authorization: `Bearer ${fresh}` });
      expect([expired.status, expired.body.code]).toEqual([401, AdobeErrorCode.INVALID_TOKEN]);
      token = (await getToken()).body.access_token as string;
      const ok = await api('GET', '/v3/customers/cust-1001/orders');
      expect(ok.status).toBe(200);
    });
  });

  describe('control surface', () => {
    it("counts requests by route, injects kit faults in Adobe's error envelope, and resets", async () => {
      await raw('POST', '/__sim/stats/reset');
      await api('GET', '/v3/customers/cust-1001/orders');
      const counted = await stats();
      expect(counted.requests[ADOBE_ROUTES.listOrders]).toBe(1);
      await raw('POST', '/__sim/faults', { route: ADOBE_ROUTES.getOrder, fault: { type: 'status', status: 500 }, times: 1 });
      const faulted = await api('GET', '/v3/customers/cust-1002/orders/5100000001');
      expect([faulted.status, faulted.body.code]).toEqual([500, '1124']);
      const unknown = await api('GET', '/v3/nothing');
      expect([unknown.status, unknown.body.code]).toEqual([404, AdobeErrorCode.RESOURCE_NOT_FOUND]);
      await raw('POST', '/__sim/reset');
      token = (await getToken()).body.access_token as string;
      const afterReset = await api('GET', '/v3/customers/cust-1002/orders');
      expect(afterReset.body.totalCount).toBe(7);
    });
  });
});
