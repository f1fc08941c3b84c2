import { expect } from '@jest/globals';
import { CartItemAction } from '../../../src/cart/cart-item.type';
import { OrderState } from '../../../src/common/order-state';
import { tryDecodeId } from '../../../src/common/ids';
import { VendorCallError } from '../../../src/http/vendor-call-error';
import { VendorResponse } from '../../../src/http/vendor-http';
import { VendorRefusal } from '../../../src/vendors/vendor-adapter';
import { ShapeChecker } from '../../../src/vendors/shape';
import {
  adobeCorrelationId,
  freshCorrelationId,
  newOrderCorrelationId,
  renewalCorrelationId,
  returnCorrelationId,
} from '../../../src/vendors/adobe/adobe.correlation';
import { DraftCart } from '../../../src/vendors/adobe/adobe.drafts';
import { adobeDetailToField, adobeRejection, adobeUserErrors } from '../../../src/vendors/adobe/adobe.errors';
import {
  adobeOrderVendorId,
  draftToCart,
  mapAdobeOrder,
  parseAdobeOrderVendorId,
  timesQuantity,
  toNewOrder,
  toReturnOrder,
} from '../../../src/vendors/adobe/adobe.mapping';
import { ADOBE_STATES } from '../../../src/vendors/adobe/adobe.states';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const check = (): ShapeChecker => new ShapeChecker('Adobe', 'test');

/** An Adobe order body as the create-order endpoint answers it; `over` replaces members. */
function orderBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalReferenceId: 'PO-759',
    orderId: '5123456789',
    customerId: 'cust-1001',
    orderType: 'NEW',
    referenceOrderId: '',
    currencyCode: 'USD',
    creationDate: '2026-05-02T22:49:54Z',
    status: '1002',
    source: 'API',
    lineItems: [
      {
        extLineItemNumber: 4,
        offerId: '65304470CA02A12',
        quantity: 12,
        subscriptionId: '',
        status: '1002',
        currencyCode: 'USD',
        pricing: { partnerPrice: 324.79, discountedPartnerPrice: 324.79, netPartnerPrice: 324.79, lineItemPartnerPrice: 3897.48 },
      },
      {
        extLineItemNumber: 7,
        offerId: '65304921CA01A12',
        quantity: 2,
        subscriptionId: '',
        status: '1002',
        currencyCode: 'USD',
        pricing: { partnerPrice: 227.89, discountedPartnerPrice: 193.71, netPartnerPrice: 193.71, lineItemPartnerPrice: 387.42 },
      },
    ],
    pricingSummary: [{ totalLineItemPartnerPrice: 4284.9, currencyCode: 'USD' }],
    links: { self: { uri: '/v3/customers/cust-1001/orders/5123456789', method: 'GET', headers: [] } },
    ...over,
  };
}

function response(status: number, body: unknown): VendorResponse {
  return { status, headers: {}, body };
}

describe('Adobe X-Correlation-Id derivation', () => {
  it('is a UUID-shaped value that is the same for the same intent, operation and subject', () => {
    const a = adobeCorrelationId('cust-1001:key-00000001', 'NEW', 'draft-1:abc');
    expect(a).toMatch(UUID);
    expect(a[14]).toBe('5');
    expect(adobeCorrelationId('cust-1001:key-00000001', 'NEW', 'draft-1:abc')).toBe(a);
  });

  it('differs when the intent key, the operation or the subject differs', () => {
    const base = adobeCorrelationId('cust-1001:key-00000001', 'NEW', 'draft-1');
    const others = [
      adobeCorrelationId('cust-1002:key-00000001', 'NEW', 'draft-1'),
      adobeCorrelationId('cust-1001:key-00000002', 'NEW', 'draft-1'),
      adobeCorrelationId('cust-1001:key-00000001', 'RETURN', 'draft-1'),
      adobeCorrelationId('cust-1001:key-00000001', 'NEW', 'draft-2'),
      adobeCorrelationId('cust-1001:key-00000001', 'RENEWAL', 'draft-1'),
    ];
    expect(new Set([base, ...others]).size).toBe(6);
  });

  it('cannot be made to collide by moving text between the parts', () => {
    expect(adobeCorrelationId('a:b', 'NEW', 'c')).not.toBe(adobeCorrelationId('a', 'NEW', 'b:c'));
    expect(adobeCorrelationId('x', 'NEW', 'y\nz')).not.toBe(adobeCorrelationId('z', 'NEW', 'y\nx'));
  });

  it('derives a NEW from the draft and its body: a retry matches, a changed body does not', () => {
    const body = { orderType: 'NEW' as const, lineItems: [{ extLineItemNumber: 1, offerId: '65304470CA01A12', quantity: 2 }] };
    const id = newOrderCorrelationId('cust-1001:key-00000001', 'draft-1', body);
    expect(id).toMatch(UUID);
    expect(newOrderCorrelationId('cust-1001:key-00000001', 'draft-1', JSON.parse(JSON.stringify(body)) as typeof body)).toBe(id);
    expect(newOrderCorrelationId('cust-1001:key-00000001', 'draft-1', { ...body, externalReferenceId: 'PO-1' })).not.toBe(id);
    expect(newOrderCorrelationId('cust-1001:key-00000001', 'draft-2', body)).not.toBe(id);
    expect(newOrderCorrelationId('cust-1001:key-00000002', 'draft-1', body)).not.toBe(id);
  });

  it('derives a RETURN from the order and its lines, and a RENEWAL from the customer', () => {
    const lines = [{ lineId: '1', quantity: 2 }];
    const ret = returnCorrelationId('cust-1001:key-00000001', 'cust-1001:5123456789', lines);
    expect(returnCorrelationId('cust-1001:key-00000001', 'cust-1001:5123456789', [{ lineId: '1', quantity: 2 }])).toBe(ret);
    expect(returnCorrelationId('cust-1001:key-00000001', 'cust-1001:5123456789', [{ lineId: '1', quantity: 3 }])).not.toBe(ret);
    expect(returnCorrelationId('cust-1001:key-00000001', 'cust-1001:5123456780', lines)).not.toBe(ret);
    const renewal = renewalCorrelationId('cust-1001:key-00000001', 'cust-1001');
    expect(renewal).toBe(adobeCorrelationId('cust-1001:key-00000001', 'RENEWAL', 'cust-1001'));
    expect(renewalCorrelationId('cust-1001:key-00000001', 'cust-1002')).not.toBe(renewal);
  });

  it('gives a fresh random id for previews and reads', () => {
    const ids = new Set(Array.from({ length: 50 }, () => freshCorrelationId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID);
  });
});

describe('Adobe order vendor ids', () => {
  it('carry the customer and the order id and split back', () => {
    expect(adobeOrderVendorId('cust-1001', '5123456789')).toBe('cust-1001:5123456789');
    expect(parseAdobeOrderVendorId('cust-1001:5123456789')).toEqual({ customerId: 'cust-1001', orderId: '5123456789' });
  });

  it.each(['cust-1001', ':5123', 'cust-1001:', 'cust 1001:5123', 'cust-1001:../x', 'cust-1001:51/23', 'cust-1001:preview-ab12', 'a:b:c'])('refuse %s', (id) =>
    expect(parseAdobeOrderVendorId(id)).toBeNull(),
  );
});

describe('Adobe status table', () => {
  it.each([
    ['1000', OrderState.COMPLETED],
    ['1002', OrderState.SUBMITTED],
    ['1004', OrderState.FAILED],
    ['1008', OrderState.CANCELLED],
    ['1009', OrderState.PENDING],
    ['1010', OrderState.HELD],
    ['1012', OrderState.HELD],
    ['1014', OrderState.HELD],
    ['1020', OrderState.FAILED],
    ['1022', OrderState.FAILED],
    ['1024', OrderState.FAILED],
    ['1026', OrderState.FAILED],
  ])('%s is %s, with vendorStatus kept raw', (status, state) => {
    expect(ADOBE_STATES[status]).toBe(state);
    const order = mapAdobeOrder(check(), orderBody({ status, lineItems: [] }), 'cust-1001');
    expect(order.state).toBe(state);
    expect(order.vendorStatus).toBe(status);
  });

  it('asks to poll while pending and not once final', () => {
    const poll = (status: string) => mapAdobeOrder(check(), orderBody({ status, lineItems: [] }), 'cust-1001').pollAfter;
    expect(poll('1002')).toBe(30);
    expect(poll('1009')).toBe(3600);
    expect(poll('1012')).toBe(3600);
    for (const final of ['1000', '1004', '1008', '1026']) expect(poll(final)).toBeNull();
  });
});

describe('mapAdobeOrder', () => {
  it('reads prices from both spellings the docs have used: lineItemPrice / totalLineItemPrice as lineItemPartnerPrice / totalLineItemPartnerPrice', () => {
    const old = orderBody();
    const older = orderBody({
      lineItems: (old.lineItems as Record<string, unknown>[]).map((line) => {
        const { lineItemPartnerPrice, ...pricing } = line.pricing as Record<string, unknown>;
        return { ...line, pricing: { ...pricing, lineItemPrice: lineItemPartnerPrice } };
      }),
      pricingSummary: [{ totalLineItemPrice: 4284.9, currencyCode: 'USD' }],
    });
    const a = mapAdobeOrder(check(), old, 'cust-1001');
    const b = mapAdobeOrder(check(), older, 'cust-1001');
    expect(b.items.map((i) => i.totalPrice)).toEqual(a.items.map((i) => i.totalPrice));
    expect(b.items[0].totalPrice?.oneTime).toEqual({ amount: '3897.48', currencyCode: 'USD' });
    expect(b.totals.total).toEqual(a.totals.total);
    expect(b.totals.total).not.toBeNull();
    expect(b.totals).toEqual(a.totals);
  });

  it('maps a placed order: opaque id with the customer, lines by extLineItemNumber, prices as Money, no tax', () => {
    const order = mapAdobeOrder(check(), orderBody(), 'cust-1001', { cartVendorId: 'draft-1' });
    expect(tryDecodeId(order.id, 'ProductOrder')).toEqual({ vendor: 'ADOBE', kind: 'ProductOrder', vendorId: 'cust-1001:5123456789' });
    expect(order).toMatchObject({
      vendorId: 'cust-1001:5123456789',
      customerId: 'cust-1001',
      state: OrderState.SUBMITTED,
      customerOrderId: '5123456789',
      externalReferenceId: 'PO-759',
      orderType: 'NEW',
      cartVendorId: 'draft-1',
      referenceOrderVendorId: null,
      payments: [],
    });
    expect(order.submittedAt?.toISOString()).toBe('2026-05-02T22:49:54.000Z');
    expect(order.items.map((i) => [i.id, i.action, i.offeringId, i.quantity, i.state, i.vendorStatus, i.subscriptionId])).toEqual([
      ['4', 'ADD', '65304470CA02A12', 12, OrderState.SUBMITTED, '1002', null],
      ['7', 'ADD', '65304921CA01A12', 2, OrderState.SUBMITTED, '1002', null],
    ]);
    expect(order.items[1].unitPrice).toEqual({ oneTime: { amount: '193.71', currencyCode: 'USD' }, recurring: null });
    expect(order.items[1].totalPrice).toEqual({ oneTime: { amount: '387.42', currencyCode: 'USD' }, recurring: null });
    expect(order.totals).toEqual({
      oneTime: { amount: '4284.90', currencyCode: 'USD' },
      recurring: [],
      subtotal: { amount: '4353.26', currencyCode: 'USD' },
      tax: null,
      shipping: null,
      discount: { amount: '68.36', currencyCode: 'USD' },
      total: { amount: '4284.90', currencyCode: 'USD' },
    });
  });

  it('fills subscription ids once complete and leaves totals empty without pricing', () => {
    const body = orderBody({
      status: '1000',
      pricingSummary: undefined,
      lineItems: [{ extLineItemNumber: 1, offerId: '65304470CA01A12', quantity: 1, subscriptionId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', status: '1000' }],
    });
    const order = mapAdobeOrder(check(), body, 'cust-1001');
    expect(order.items[0]).toMatchObject({
      state: OrderState.COMPLETED,
      subscriptionId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      unitPrice: null,
      totalPrice: null,
    });
    expect(order.totals).toMatchObject({ oneTime: null, total: null, tax: null, discount: null });
  });

  it('maps a return: its lines end products, and it refers to the original order of the same customer', () => {
    const body = orderBody({ orderType: 'RETURN', referenceOrderId: '5100000001', status: '1000' });
    const order = mapAdobeOrder(check(), body, 'cust-1001');
    expect(order.referenceOrderVendorId).toBe('cust-1001:5100000001');
    expect(order.items.every((i) => i.action === CartItemAction.TERMINATE)).toBe(true);
  });

  it('a line returned in full shows 1008 as CANCELLED', () => {
    const body = orderBody({
      status: '1000',
      lineItems: [{ extLineItemNumber: 1, offerId: '65304470CA01A12', quantity: 1, subscriptionId: 'abc', status: '1008', remainingQuantity: 0 }],
    });
    expect(mapAdobeOrder(check(), body, 'cust-1001').items[0].state).toBe(OrderState.CANCELLED);
  });

  it('maps a PREVIEW_RENEWAL: DRAFT, no order number, an id that never reads back, lines will or will not renew', () => {
    const body = orderBody({
      orderId: '',
      status: '',
      orderType: 'PREVIEW_RENEWAL',
      links: undefined,
      lineItems: [
        { extLineItemNumber: 1, offerId: '65304470CA01A12', quantity: 5, subscriptionId: 'a1b2c3', status: '1000' },
        { extLineItemNumber: 2, offerId: '65304479CA01A12', quantity: 2, subscriptionId: 'c3d4e5', status: '1004' },
      ],
    });
    const order = mapAdobeOrder(check(), body, 'cust-1001');
    expect(order).toMatchObject({ state: OrderState.DRAFT, vendorStatus: null, customerOrderId: null, pollAfter: null, orderType: 'PREVIEW_RENEWAL' });
    expect(order.items.map((i) => [i.state, i.subscriptionId])).toEqual([
      [OrderState.DRAFT, 'a1b2c3'],
      [OrderState.REJECTED, 'c3d4e5'],
    ]);
    expect(parseAdobeOrderVendorId(order.vendorId)).toBeNull();
  });

  it('keeps the order when a status is unknown, an amount is no number or a currency no ISO code (tolerant reading)', () => {
    const unknown = mapAdobeOrder(check(), orderBody({ status: '1234' }), 'cust-1001');
    expect(unknown).toMatchObject({ state: OrderState.PENDING, vendorStatus: '1234' });
    const lots = mapAdobeOrder(
      check(),
      orderBody({ lineItems: [{ extLineItemNumber: 1, offerId: 'x', quantity: 1, status: '1002', pricing: { netPartnerPrice: 'lots' } }] }),
      'cust-1001',
    );
    expect(lots.items[0]).toMatchObject({ id: '1', offeringId: 'x', quantity: 1, unitPrice: { oneTime: null } });
    const dollars = mapAdobeOrder(check(), orderBody({ currencyCode: 'dollars' }), 'cust-1001');
    expect(dollars.items.length).toBeGreaterThan(0);
  });

  it.each([
    ['no lineItems', { lineItems: undefined }],
    ['an order id that would escape a path', { orderId: '../../admin' }],
    ['a quantity that is no whole number', { lineItems: [{ extLineItemNumber: 1, offerId: 'x', quantity: 1.5, status: '1002' }] }],
    ['a body that is no object', null],
  ])('refuses %s as a bad response', (_name, over) => {
    const body = over === null ? 'not an order' : orderBody(over);
    let caught: unknown;
    try {
      mapAdobeOrder(check(), body, 'cust-1001');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VendorCallError);
    expect((caught as VendorCallError).kind).toBe('bad_response');
  });
});

describe('Adobe refusals as userErrors', () => {
  it('1117 names every field in additionalDetails, as graph paths of the operation', () => {
    const errors = adobeUserErrors(
      response(400, { code: '1117', message: 'Some Fields are Invalid', additionalDetails: ['lineItems[0].quantity', 'externalReferenceId'] }),
      'cart',
    );
    expect(errors).toEqual([
      { code: 'INVALID_FIELD', field: ['items', '0', 'quantity'], vendorCode: '1117', message: expect.any(String) },
      { code: 'INVALID_FIELD', field: ['input', 'externalReferenceId'], vendorCode: '1117', message: expect.any(String) },
    ]);
    expect(errors[0].message).not.toContain('Some Fields');
  });

  it.each([
    ['cart', '2122', ['lineItems[1].offerId'], 400, 'OFFERING_NOT_FOUND', ['items', '1', 'offeringId']],
    ['cart', '2121', ['lineItems[1].extLineItemNumber'], 400, 'INVALID_FIELD', ['items', '1', 'lineNumber']],
    ['cart', '2120', ['lineItems[0].quantity'], 400, 'INVALID_FIELD', ['items', '0', 'quantity']],
    ['cart', '2128', ['currencyCode'], 400, 'INVALID_FIELD', ['items']],
    ['cart', '2138', ['lineItems[0].deploymentId'], 404, 'INVALID_FIELD', ['items', '0', 'deploymentId']],
    ['cart', '2126', ['externalReferenceId'], 400, 'INVALID_FIELD', ['input', 'externalReferenceId']],
    ['cart', '2143', ['lineItems[0].discountCode'], 400, 'INVALID_FIELD', ['items', '0', 'discountCode']],
    ['cart', '1116', [], 404, 'CUSTOMER_NOT_FOUND', null],
    ['return', 'RETURN_QTY_EXCEEDS_REMAINING', ['lineItems[0].quantity'], 422, 'INVALID_FIELD', ['lines', '0', 'quantity']],
    ['return', '2131', ['lineItems[2]'], 400, 'INVALID_FIELD', ['lines', '2']],
    ['return', '2134', ['referenceOrderId'], 400, 'VENDOR_REFUSED', ['orderId']],
    ['return', '2130', [], 400, 'VENDOR_REFUSED', ['orderId']],
    ['return', 'RETURN_ORDER_NOT_COMPLETE', ['referenceOrderId'], 422, 'VENDOR_REFUSED', ['orderId']],
    ['return', 'RETURN_SOMETHING_NEW', [], 422, 'VENDOR_REFUSED', ['orderId']],
    ['renewal', '2136', [], 400, 'VENDOR_REFUSED', ['customerId']],
    ['renewal', '3121', [], 400, 'VENDOR_REFUSED', ['customerId']],
    ['read', '1133', ['offset'], 400, 'INVALID_FIELD', ['after']],
    ['read', '2115', [], 404, 'ORDER_NOT_FOUND', null],
  ] as const)('%s %s → %s', (context, code, details, status, expected, field) => {
    const [error] = adobeUserErrors(response(status, { code, message: 'vendor text', additionalDetails: [...details] }), context);
    expect(error).toEqual({ code: expected, field, vendorCode: code, message: expect.any(String) });
  });

  it('answers an unknown code as VENDOR_REFUSED with the code kept, and drops a code that is not plain', () => {
    expect(adobeUserErrors(response(400, { code: '9999' }), 'cart')[0]).toMatchObject({ code: 'VENDOR_REFUSED', vendorCode: '9999' });
    expect(adobeUserErrors(response(400, { code: 'DROP TABLE x;' }), 'cart')[0]).toMatchObject({ code: 'VENDOR_REFUSED', vendorCode: null });
    expect(adobeUserErrors(response(400, 'plain text'), 'cart')[0]).toMatchObject({ code: 'VENDOR_REFUSED', vendorCode: null });
  });

  it('ignores additionalDetails that name no field (reason codes)', () => {
    expect(adobeDetailToField('REASON_CODE=INELIGIBLE_ADD_ON', 'cart')).toBeNull();
    const [error] = adobeUserErrors(response(400, { code: '2129', additionalDetails: ['INELIGIBLE_ADD_ON'] }), 'cart');
    expect(error).toMatchObject({ code: 'VENDOR_REFUSED', field: ['items'], vendorCode: '2129' });
  });

  it('turns header, credential and availability codes into faults, and 4122 into an unknown outcome', () => {
    for (const [status, code] of [
      [401, '4116'],
      [403, '4115'],
      [403, '4117'],
      [400, '4119'],
      [400, '4120'],
      [400, '5122'],
    ] as const) {
      const rejection = adobeRejection(response(status, { code }), 'cart', 'POST /v3/customers/{customerId}/orders');
      expect(rejection).toBeInstanceOf(VendorCallError);
      expect((rejection as VendorCallError).maybeCommitted).toBe(false);
    }
    const processing = adobeRejection(response(400, { code: '4122' }), 'cart', 'route');
    expect(processing).toBeInstanceOf(VendorCallError);
    expect((processing as VendorCallError).maybeCommitted).toBe(true);
    expect(adobeRejection(response(400, { code: '2122' }), 'cart', 'route')).toBeInstanceOf(VendorRefusal);
  });
});

describe('draft carts as graph carts and order bodies', () => {
  const draft: DraftCart = {
    v: 1,
    id: 'draft-1',
    customerId: 'cust-1001',
    createdAt: '2026-05-01T10:00:00.000Z',
    state: 'DRAFT',
    revision: 2,
    lines: [
      { lineNumber: 1, offerId: '65304470CA01A12', quantity: 12, currencyCode: 'USD', deploymentId: null, discountCode: null },
      { lineNumber: 7, offerId: '65304921CA01A12', quantity: 2, currencyCode: null, deploymentId: '12345', discountCode: 'HVD_L18_PRE' },
    ],
    preview: {
      revision: 2,
      at: '2026-05-01T10:01:00.000Z',
      currencyCode: 'USD',
      total: '4284.90',
      lines: {
        '1': {
          offerId: '65304470CA02A12',
          currencyCode: 'USD',
          partnerPrice: '324.79',
          discountedPartnerPrice: '324.79',
          netPartnerPrice: '324.79',
          lineItemPartnerPrice: '3897.48',
        },
        '7': {
          offerId: '65304921CA01A12',
          currencyCode: 'USD',
          partnerPrice: '227.89',
          discountedPartnerPrice: '193.71',
          netPartnerPrice: '193.71',
          lineItemPartnerPrice: '387.42',
        },
      },
    },
    submit: null,
    orderVendorId: null,
  };

  it('shows the preview: prices, the better offer as suggestedOfferingId, totals', () => {
    const cart = draftToCart(draft);
    expect(tryDecodeId(cart.id, 'Cart')?.vendorId).toBe('draft-1');
    expect(cart.items.map((i) => [i.vendorId, i.lineNumber, i.suggestedOfferingId, i.unitPrice.oneTime?.amount, i.currencyCode])).toEqual([
      ['1', 1, '65304470CA02A12', '324.79', 'USD'],
      ['7', 7, null, '193.71', 'USD'],
    ]);
    expect(cart.totals).toMatchObject({ total: { amount: '4284.90', currencyCode: 'USD' }, subtotal: { amount: '4353.26', currencyCode: 'USD' }, tax: null });
  });

  it('drops a preview of an older revision', () => {
    const cart = draftToCart({ ...draft, revision: 3 });
    expect(cart.items.every((i) => i.unitPrice.oneTime === null && i.suggestedOfferingId === null)).toBe(true);
    expect(cart.totals.total).toBeNull();
  });

  it('builds the NEW body from the lines in cart order, without an order-level currency', () => {
    expect(toNewOrder(draft, 'PO-1')).toEqual({
      orderType: 'NEW',
      externalReferenceId: 'PO-1',
      lineItems: [
        { extLineItemNumber: 1, offerId: '65304470CA01A12', quantity: 12, currencyCode: 'USD' },
        { extLineItemNumber: 7, offerId: '65304921CA01A12', quantity: 2, deploymentId: '12345', discountCode: 'HVD_L18_PRE' },
      ],
    });
  });

  it('builds a RETURN body from order lines, or names the lines the order does not have', () => {
    const order = mapAdobeOrder(check(), orderBody({ status: '1000' }), 'cust-1001');
    expect(toReturnOrder(order, [{ lineId: '7', quantity: 1 }])).toEqual({
      orderType: 'RETURN',
      referenceOrderId: '5123456789',
      lineItems: [{ extLineItemNumber: 7, offerId: '65304921CA01A12', quantity: 1 }],
    });
    expect(
      toReturnOrder(order, [
        { lineId: '4', quantity: 1 },
        { lineId: '5', quantity: 1 },
        { lineId: 'x', quantity: 1 },
      ]),
    ).toEqual({ missing: [1, 2] });
  });

  it('multiplies decimals exactly', () => {
    expect(timesQuantity('324.79', 12)).toBe('3897.48');
    expect(timesQuantity('0.1', 3)).toBe('0.30');
    expect(timesQuantity('1079.885', 100)).toBe('107988.500');
    expect(timesQuantity('-2.50', 2)).toBe('-5.00');
  });
});
