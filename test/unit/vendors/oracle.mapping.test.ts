import { expect } from '@jest/globals';
import { BadUserInputError } from '../../../src/common/errors';
import { ChargePeriod } from '../../../src/common/money.type';
import { OrderState } from '../../../src/common/order-state';
import { tryDecodeId } from '../../../src/common/ids';
import { Vendor } from '../../../src/common/vendor';
import { UserErrorCode } from '../../../src/common/user-error.type';
import { Cart } from '../../../src/cart/cart.type';
import { CartItemAction } from '../../../src/cart/cart-item.type';
import { CartItemInput } from '../../../src/cart/cart.input';
import { VendorCallError } from '../../../src/http/vendor-call-error';
import { VendorResponse } from '../../../src/http/vendor-http';
import { PaymentMethod } from '../../../src/payment/payment.type';
import { ShapeChecker } from '../../../src/vendors/shape';
import { VendorRefusal } from '../../../src/vendors/vendor-adapter';
import { argumentPath, listField, oracleHeaderError, oracleUserErrors } from '../../../src/vendors/oracle/oracle.errors';
import {
  currentItems,
  mapCart,
  mapOrder,
  mapOrderPage,
  mergeCoupons,
  timesMoney,
  toDynamicProperties,
  toOracleItem,
  toOraclePayments,
  toSubmitChanges,
  withoutItems,
} from '../../../src/vendors/oracle/oracle.mapping';
import { ORACLE_STATES, oracleState } from '../../../src/vendors/oracle/oracle.states';

// Sample bodies are built loosely: the mapping, not the types, decides what they must hold. Only the paths the tests
// edit in place are typed.
type Json = Record<string, unknown>;
type OrderBody = Json & { shoppingCart: Json & { items: Json[] }; shippingGroups: (Json & { shippingAddress: Json })[] };

const check = (): ShapeChecker => new ShapeChecker('Oracle', 'test');

/** An Oracle order body as getOrder answers it: a bundle with two parts and a gift-wrap add-on, plus earbuds. */
function orderBody(overrides: Json = {}): OrderBody {
  return {
    id: 'o30042',
    uuid: '0b1d2c34-5e6f-4a70-8b9c-0d1e2f3a4b5c',
    state: 'INCOMPLETE',
    creationDate: '2025-03-01T10:00:00.000Z',
    submittedDate: null,
    orderProfileId: 'cust-1001',
    siteId: 'siteUS',
    priceInfo: { amount: 811.79, subTotal: 882.99, rawSubtotal: 882.99, discountAmount: 71.2, shipping: 5, tax: 64.94, total: 881.73, currencyCode: 'USD' },
    recurringChargePriceInfo: { amount: 49.99, currencyCode: 'USD', subTotalByFrequency: [{ frequency: 'Monthly', amount: 49.99 }] },
    discountInfo: { orderDiscount: 71.2, shippingDiscount: 0, orderCouponsMap: { SAVE10: { totalAdjustment: '-88.30' } } },
    shoppingCart: {
      numberOfItems: 2,
      items: [
        {
          commerceItemId: 'ci1000001',
          productId: 'prod-starter-bundle',
          catRefId: 'sku-starter-bundle',
          quantity: 1,
          displayName: 'Starter Bundle',
          listPrice: 749,
          rawTotalPrice: 749,
          externalRecurringCharge: 40,
          externalRecurringChargeFrequency: 'Monthly',
          shopperInput: {},
          childItems: [
            {
              commerceItemId: 'ci1000002',
              productId: 'prod-phone-x',
              catRefId: 'sku-phone-x-128',
              quantity: '1',
              displayName: 'Pixel Phone X',
              listPrice: 0,
              rawTotalPrice: 0,
              childItems: [],
            },
            {
              commerceItemId: 'ci1000003',
              productId: 'prod-gift-wrap',
              catRefId: 'sku-gift-wrap',
              quantity: 1,
              displayName: 'Gift Wrap',
              listPrice: 4.99,
              rawTotalPrice: 4.99,
              addOnItem: true,
              shopperInput: { message: 'Happy Birthday', color: 'neon' },
              childItems: [],
            },
            {
              commerceItemId: 'ci1000004',
              productId: 'prod-device-care',
              catRefId: 'sku-device-care',
              quantity: 1,
              displayName: 'Device Care',
              listPrice: 0,
              rawTotalPrice: 0,
              externalRecurringCharge: 9.99,
              externalRecurringChargeFrequency: 'Monthly',
            },
          ],
        },
        {
          commerceItemId: 'ci1000005',
          productId: 'prod-earbuds',
          catRefId: 'sku-earbuds',
          quantity: 1,
          displayName: 'Wireless Earbuds',
          listPrice: 129,
          rawTotalPrice: 129,
        },
      ],
      coupons: [{ code: 'SAVE10', status: 'claimed', description: 'Order Discount - 10% off', totalAdjustment: -88.3 }],
    },
    shippingGroups: [
      {
        shippingMethod: { value: 'ground' },
        shippingAddress: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          address1: '600 Dexter Avenue',
          city: 'Montgomery',
          state: 'AL',
          postalCode: '36130',
          country: 'US',
        },
        priceInfo: { amount: 5, currencyCode: 'USD' },
      },
    ],
    payments: [],
    dynamicProperties: [
      { id: 'dynamicPropertyShippingInstructions', label: 'Shipping Instructions', value: 'Leave at the door' },
      { id: 'dynamicPropertyGiftOrder', label: 'Gift Order', value: true },
      { id: 'dynamicPropertyUnset', label: 'Unset', value: null },
    ],
    ...overrides,
  };
}

function badResponse(fn: () => unknown): VendorCallError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VendorCallError);
    expect((error as VendorCallError).kind).toBe('bad_response');
    return error as VendorCallError;
  }
  throw new Error('expected a bad_response VendorCallError');
}

function refusal(fn: () => unknown): VendorRefusal {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VendorRefusal);
    return error as VendorRefusal;
  }
  throw new Error('expected a VendorRefusal');
}

const response = (status: number, body: unknown): VendorResponse => ({ status, headers: {}, body });

describe('Oracle states', () => {
  it('maps every documented state to its neutral state', () => {
    expect(ORACLE_STATES).toEqual({
      INCOMPLETE: OrderState.DRAFT,
      SUBMITTED: OrderState.SUBMITTED,
      PROCESSING: OrderState.IN_PROGRESS,
      NO_PENDING_ACTION: OrderState.COMPLETED,
      FAILED: OrderState.FAILED,
      REMOVED: OrderState.CANCELLED,
      PENDING_REMOVE: OrderState.PENDING_CANCELLATION,
      PENDING_CUSTOMER_ACTION: OrderState.PENDING,
      PENDING_CUSTOMER_RETURN: OrderState.PENDING,
      PENDING_PAYMENT: OrderState.PENDING,
      PENDING_MERCHANT_ACTION: OrderState.HELD,
      PENDING_APPROVAL: OrderState.HELD,
      PENDING_AGENT_APPROVAL: OrderState.HELD,
      BEING_AMENDED: OrderState.HELD,
      APPROVED: OrderState.ACKNOWLEDGED,
      FAILED_APPROVAL: OrderState.REJECTED,
      AGENT_REJECTED: OrderState.REJECTED,
      PENDING_QUOTE: OrderState.HELD,
      QUOTED: OrderState.PENDING,
      REJECTED_QUOTE: OrderState.REJECTED,
    });
  });

  it('reads scheduled-order templates as their base state and knows nothing else', () => {
    expect(oracleState('SUBMITTED_TEMPLATE')).toBe(OrderState.SUBMITTED);
    expect(oracleState('processing')).toBe(OrderState.IN_PROGRESS);
    expect(oracleState('SHIPPED_TO_MARS')).toBeUndefined();
  });
});

describe('mapCart', () => {
  it('maps an INCOMPLETE order to a DRAFT cart with an item tree, money as decimal strings and totals kept apart', () => {
    const cart = mapCart(check(), orderBody());
    expect(cart).toMatchObject({
      vendor: Vendor.ORACLE,
      vendorId: 'o30042',
      customerId: 'cust-1001',
      state: OrderState.DRAFT,
      vendorStatus: 'INCOMPLETE',
      orderVendorId: null,
      shippingMethod: 'ground',
      shippingAddress: { firstName: 'Ada', line1: '600 Dexter Avenue', line2: null, city: 'Montgomery', state: 'AL', postalCode: '36130', country: 'US' },
      createdAt: new Date('2025-03-01T10:00:00.000Z'),
    });
    expect(tryDecodeId(cart.id, 'Cart')).toEqual({ vendor: Vendor.ORACLE, kind: 'Cart', vendorId: 'o30042' });
    expect(cart.totals).toEqual({
      oneTime: { amount: '882.99', currencyCode: 'USD' },
      subtotal: { amount: '882.99', currencyCode: 'USD' },
      tax: { amount: '64.94', currencyCode: 'USD' },
      shipping: { amount: '5.00', currencyCode: 'USD' },
      discount: { amount: '71.20', currencyCode: 'USD' },
      total: { amount: '881.73', currencyCode: 'USD' },
      recurring: [{ amount: { amount: '49.99', currencyCode: 'USD' }, period: ChargePeriod.MONTH }],
    });
    const [bundle, earbuds] = cart.items;
    expect(bundle).toMatchObject({
      vendorId: 'ci1000001',
      action: CartItemAction.ADD,
      offeringId: 'prod-starter-bundle',
      name: 'Starter Bundle',
      quantity: 1,
      characteristics: [{ name: 'catRefId', value: 'sku-starter-bundle' }],
      unitPrice: {
        oneTime: { amount: '749.00', currencyCode: 'USD' },
        recurring: { amount: { amount: '40.00', currencyCode: 'USD' }, period: ChargePeriod.MONTH },
      },
    });
    expect(tryDecodeId(bundle.id, 'CartItem')?.vendorId).toBe('o30042:ci1000001');
    expect(bundle.children.map((c) => [c.vendorId, c.offeringId, c.quantity, c.unitPrice.oneTime?.amount])).toEqual([
      ['ci1000002', 'prod-phone-x', 1, '0.00'],
      ['ci1000003', 'prod-gift-wrap', 1, '4.99'],
      ['ci1000004', 'prod-device-care', 1, '0.00'],
    ]);
    expect(bundle.children[1].shopperInput).toEqual([
      { name: 'message', value: 'Happy Birthday' },
      { name: 'color', value: 'neon' },
    ]);
    expect(earbuds.totalPrice.oneTime).toEqual({ amount: '129.00', currencyCode: 'USD' });
    expect(cart.coupons).toEqual([
      { code: 'SAVE10', status: 'claimed', description: 'Order Discount - 10% off', discount: { amount: '88.30', currencyCode: 'USD' } },
    ]);
    expect(cart.dynamicProperties).toEqual([
      { name: 'dynamicPropertyShippingInstructions', value: 'Leave at the door' },
      { name: 'dynamicPropertyGiftOrder', value: 'true' },
    ]);
  });

  it('sums recurring charges from the items when the order gives no summary, per quantity', () => {
    const body = orderBody({ recurringChargePriceInfo: undefined });
    body.shoppingCart.items[0].quantity = 2;
    body.shoppingCart.items[0].rawTotalPrice = 1498;
    const cart = mapCart(check(), body);
    expect(cart.items[0].totalPrice).toEqual({
      oneTime: { amount: '1498.00', currencyCode: 'USD' },
      recurring: { amount: { amount: '80.00', currencyCode: 'USD' }, period: ChargePeriod.MONTH },
    });
    expect(cart.totals.recurring).toEqual([{ amount: { amount: '89.99', currencyCode: 'USD' }, period: ChargePeriod.MONTH }]);
  });

  it('links a submitted cart to its order: the same Oracle id', () => {
    const cart = mapCart(check(), orderBody({ state: 'SUBMITTED', submittedDate: '2025-03-01T11:00:00.000Z' }));
    expect(cart.state).toBe(OrderState.SUBMITTED);
    expect(cart.orderVendorId).toBe('o30042');
  });

  it('refuses a body without its identity (id, state, profile) as a bad vendor response', () => {
    badResponse(() => mapCart(check(), orderBody({ id: undefined })));
    badResponse(() => mapCart(check(), orderBody({ id: '../o1' })));
    badResponse(() => mapCart(check(), orderBody({ state: undefined })));
    badResponse(() => mapCart(check(), orderBody({ orderProfileId: undefined, profileId: undefined })));
    badResponse(() => mapCart(check(), []));
  });

  it('an op answer without orderProfileId (its nesting per op is undocumented) takes the customer the subgraph already knows', () => {
    const bare = orderBody({ orderProfileId: undefined, profileId: undefined });
    expect(mapCart(check(), bare, 'cust-1001').customerId).toBe('cust-1001');
    const placed = orderBody({ state: 'SUBMITTED', submittedDate: '2026-12-01T10:00:00.000Z', orderProfileId: undefined, profileId: undefined });
    expect(mapOrder(check(), placed, 'order', 'cust-1002')!.customerId).toBe('cust-1002');
    // The answer's own profile wins over what the subgraph knew.
    expect(mapCart(check(), orderBody(), 'someone-else').customerId).toBe('cust-1001');
  });

  it('keeps the rest when an optional part is malformed or a value unknown (tolerant reading)', () => {
    const mars = mapCart(check(), orderBody({ state: 'SHIPPED_TO_MARS' }));
    expect(mars).toMatchObject({ state: OrderState.PENDING, vendorStatus: 'SHIPPED_TO_MARS' });
    expect(mapCart(check(), orderBody({ priceInfo: { total: 'lots', currencyCode: 'USD' } })).totals.total).toBeNull();
    // No currency: no amount can be shown, the items are still there.
    const noCurrency = mapCart(check(), orderBody({ priceInfo: { total: 1 } }));
    expect(noCurrency.totals.total).toBeNull();
    expect(noCurrency.items.length).toBeGreaterThan(0);
    const weekly = orderBody();
    weekly.shoppingCart.items[0].externalRecurringChargeFrequency = 'Weekly';
    expect(mapCart(check(), weekly).items[0].unitPrice.recurring).toBeNull();
    const noLine = orderBody();
    delete noLine.shippingGroups[0].shippingAddress.address1;
    expect(mapCart(check(), noLine).shippingAddress).toBeNull();
  });
});

describe('mapOrder', () => {
  const submitted = (overrides: Json = {}): Json =>
    orderBody({
      state: 'SUBMITTED',
      submittedDate: '2025-03-01T11:00:00.000Z',
      payments: [
        {
          paymentGroupId: 'pg1',
          type: 'card',
          amount: 500,
          currencyCode: 'USD',
          paymentState: 'AUTHORIZED',
          cardType: 'visa',
          lastFour: '4242',
          cardNumber: '4111111111111111',
        },
        { paymentGroupId: 'pg2', type: 'card', amount: 100, paymentState: 'AUTHORIZED', cardType: 'mastercard', maskedCardNumber: 'xxxxxxxxxxxx5454' },
        { paymentGroupId: 'pg3', type: 'invoice', amount: 200.73, paymentState: 'AUTHORIZED', PONumber: 'PO-1' },
        { paymentGroupId: 'pg4', type: 'physicalGiftCard', amount: 81, paymentState: 'AUTHORIZED' },
      ],
      ...overrides,
    });

  it('is null while the order is still INCOMPLETE: a cart, not an order', () => {
    expect(mapOrder(check(), orderBody())).toBeNull();
  });

  it('maps a submitted order with flattened lines, payments with only brand and last four, and a poll hint', () => {
    const order = mapOrder(check(), submitted())!;
    expect(order).toMatchObject({
      vendor: Vendor.ORACLE,
      vendorId: 'o30042',
      customerOrderId: 'o30042',
      cartVendorId: 'o30042',
      customerId: 'cust-1001',
      state: OrderState.SUBMITTED,
      vendorStatus: 'SUBMITTED',
      submittedAt: new Date('2025-03-01T11:00:00.000Z'),
      pollAfter: 60,
      shippingAddress: { line1: '600 Dexter Avenue' },
    });
    expect(tryDecodeId(order.id, 'ProductOrder')?.vendorId).toBe('o30042');
    expect(order.items.map((i) => i.id)).toEqual(['ci1000001', 'ci1000002', 'ci1000003', 'ci1000004', 'ci1000005']);
    expect(order.payments).toEqual([
      {
        method: PaymentMethod.CARD,
        amount: { amount: '500.00', currencyCode: 'USD' },
        status: 'AUTHORIZED',
        card: { brand: 'visa', last4: '4242' },
        paymentType: 'card',
        purchaseOrderNumber: null,
        autoPay: null,
        paperless: null,
      },
      {
        method: PaymentMethod.CARD,
        amount: { amount: '100.00', currencyCode: 'USD' },
        status: 'AUTHORIZED',
        card: { brand: 'mastercard', last4: '5454' },
        paymentType: 'card',
        purchaseOrderNumber: null,
        autoPay: null,
        paperless: null,
      },
      {
        method: PaymentMethod.INVOICE,
        amount: { amount: '200.73', currencyCode: 'USD' },
        status: 'AUTHORIZED',
        card: null,
        paymentType: 'invoice',
        purchaseOrderNumber: 'PO-1',
        autoPay: null,
        paperless: null,
      },
      {
        method: PaymentMethod.GIFT_CARD,
        amount: { amount: '81.00', currencyCode: 'USD' },
        status: 'AUTHORIZED',
        card: null,
        paymentType: 'physicalGiftCard',
        purchaseOrderNumber: null,
        autoPay: null,
        paperless: null,
      },
    ]);
    expect(JSON.stringify(order)).not.toContain('4111111111111111');
  });

  it('never takes more than four digits from a masked card number', () => {
    const order = mapOrder(check(), submitted({ payments: [{ type: 'card', amount: 1, cardType: 'visa', maskedCardNumber: '411111xxxxxx1111' }] }))!;
    expect(order.payments[0].card).toEqual({ brand: 'visa', last4: null });
  });

  it('moves the poll hint with the state and drops it once final', () => {
    expect(mapOrder(check(), submitted({ state: 'PROCESSING' }))!.pollAfter).toBe(600);
    const done = mapOrder(check(), submitted({ state: 'NO_PENDING_ACTION' }))!;
    expect(done.state).toBe(OrderState.COMPLETED);
    expect(done.pollAfter).toBeNull();
    expect(mapOrder(check(), submitted({ state: 'REMOVED' }))!.pollAfter).toBeNull();
  });

  it('maps a list page, leaving out carts', () => {
    const page = mapOrderPage(check(), { items: [submitted(), orderBody({ id: 'o30043' })], limit: 2, offset: 0, totalResults: 7 });
    expect(page.totalCount).toBe(7);
    expect(page.orders.map((o) => o.vendorId)).toEqual(['o30042']);
    badResponse(() => mapOrderPage(check(), { items: 'none', totalResults: 1 }));
  });
});

describe('Oracle error bodies as userErrors', () => {
  it('maps a single error with its field and keeps the vendor code', () => {
    const errors = oracleUserErrors(
      response(400, { message: 'No profile found with profile id cust-9', status: '400', errorCode: '22000', 'o:errorPath': 'profileId' }),
    );
    expect(errors).toEqual([{ code: UserErrorCode.CUSTOMER_NOT_FOUND, message: expect.any(String), field: ['input', 'customerId'], vendorCode: '22000' }]);
    expect(errors[0].message).not.toContain('cust-9');
  });

  it('maps each entry of the multi-error form, naming the caller own argument paths', () => {
    const body = {
      message: 'The request could not be processed',
      status: '400',
      errors: [
        { message: 'Product Id prod-x is invalid or non-existent.', status: '400', errorCode: '20031', 'o:errorPath': 'shoppingCart.items[2].productId' },
        { message: 'Quantity', status: '400', errorCode: '28012', 'o:errorPath': 'shoppingCart.items[3].childItems[1].quantity' },
        { message: 'Shopper input', status: '400', errorCode: '28014', 'o:errorPath': 'shoppingCart.items[3].childItems[0].shopperInput.message' },
        { message: 'SKU', status: '400', errorCode: '28011', 'o:errorPath': 'shoppingCart.items[0].catRefId' },
      ],
    };
    const errors = oracleUserErrors(response(400, body), { item: listField(['items'], 2) });
    expect(errors.map((e) => [e.code, e.field, e.vendorCode])).toEqual([
      [UserErrorCode.OFFERING_NOT_FOUND, ['items', '0', 'offeringId'], '20031'],
      [UserErrorCode.INVALID_FIELD, ['items', '1', 'children', '1', 'quantity'], '28012'],
      [UserErrorCode.INVALID_FIELD, ['items', '1', 'children', '0', 'shopperInput'], '28014'],
      [UserErrorCode.OFFERING_NOT_FOUND, null, '28011'],
    ]);
  });

  it('names address, payment, coupon and header fields', () => {
    expect(argumentPath('shippingAddress.address1', { input: ['input'] })).toEqual(['input', 'shippingAddress', 'line1']);
    expect(argumentPath('billingAddress.postalCode', {})).toEqual(['input', 'billingAddress', 'postalCode']);
    expect(argumentPath('payments[1].cardType', {})).toEqual(['input', 'payments', '1', 'cardBrand']);
    expect(argumentPath('payments', {})).toEqual(['input', 'payments']);
    expect(argumentPath('shoppingCart.coupons[2].code', { coupon: listField(['codes'], 1) })).toEqual(['codes', '1']);
    expect(argumentPath('shoppingCart.coupons[0].code', { coupon: listField(['codes'], 1) })).toBeNull();
    expect(argumentPath('dynamicPropertyGiftOrder', {})).toEqual(['input', 'dynamicProperties']);
    expect(argumentPath('no such . path', {})).toBeUndefined();
    const payment = oracleUserErrors(response(400, { message: 'declined', status: '400', errorCode: '28044', 'o:errorPath': 'payments[0].cardToken' }), {
      input: ['input'],
    });
    expect(payment).toEqual([
      { code: UserErrorCode.PAYMENT_REFUSED, message: expect.any(String), field: ['input', 'payments', '0', 'cardToken'], vendorCode: '28044' },
    ]);
  });

  it('falls back on the HTTP status for unknown codes, folds duplicates and accepts numeric codes', () => {
    expect(oracleUserErrors(response(404, { message: 'gone', status: '404', errorCode: '99999' }))).toEqual([
      { code: UserErrorCode.CART_NOT_FOUND, message: 'No such cart', field: ['cartId'], vendorCode: '99999' },
    ]);
    expect(oracleUserErrors(response(409, 'not json'))).toEqual([
      { code: UserErrorCode.VENDOR_REFUSED, message: expect.any(String), field: null, vendorCode: null },
    ]);
    const twice = { message: 'x', status: '400', errors: [{ errorCode: 28004 }, { errorCode: '28004' }] };
    expect(oracleUserErrors(response(400, twice))).toEqual([
      { code: UserErrorCode.CART_NOT_EDITABLE, message: expect.any(String), field: ['cartId'], vendorCode: '28004' },
    ]);
  });

  it('turns a refused site or organization header into BAD_USER_INPUT naming the header', () => {
    const site = oracleHeaderError(response(400, { message: 'no site', status: '400', errorCode: '60001' }));
    expect(site).toBeInstanceOf(BadUserInputError);
    expect(site?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['x-ccsite'] });
    expect(oracleHeaderError(response(400, { errors: [{ errorCode: '100094' }] }))?.extensions.field).toEqual(['x-ccorganization']);
    expect(oracleHeaderError(response(400, { errorCode: '28004' }))).toBeNull();
    expect(oracleHeaderError(response(200, { errorCode: '60001' }))).toBeNull();
  });
});

describe('requests to Oracle', () => {
  const item = (overrides: Partial<CartItemInput> = {}): CartItemInput => ({
    action: CartItemAction.ADD,
    quantity: 1,
    offeringId: 'prod-phone-x',
    ...overrides,
  });

  it('sends an item with its SKU, shopper input and child items', () => {
    const out = toOracleItem(
      item({
        characteristics: [{ name: 'catRefId', value: 'sku-phone-x-256' }],
        children: [item({ offeringId: 'prod-gift-wrap', shopperInput: [{ name: 'message', value: 'Hi' }] })],
      }),
      ['items', '0'],
    );
    expect(out).toEqual({
      productId: 'prod-phone-x',
      catRefId: 'sku-phone-x-256',
      quantity: 1,
      childItems: [{ productId: 'prod-gift-wrap', quantity: 1, shopperInput: { message: 'Hi' } }],
    });
  });

  it('refuses what Oracle cannot take, naming the field, before any call', () => {
    expect(refusal(() => toOracleItem(item({ action: CartItemAction.TERMINATE, productId: 'p1' }), ['items', '2'])).userErrors).toEqual([
      { code: UserErrorCode.INVALID_FIELD, message: expect.any(String), field: ['items', '2', 'action'], vendorCode: null },
    ]);
    expect(refusal(() => toOracleItem(item({ characteristics: [{ name: 'IMEI', value: '1' }] }), ['items', '0'])).userErrors[0].field).toEqual([
      'items',
      '0',
      'characteristics',
      '0',
    ]);
    expect(refusal(() => toOracleItem(item({ lineNumber: 3 }), ['items', '0'])).userErrors[0].field).toEqual(['items', '0', 'lineNumber']);
    const card = refusal(() =>
      toOracleItem(item({ children: [item({ shopperInput: [{ name: 'message', value: 'card 4111 1111 1111 1111' }] })] }), ['items', '0']),
    );
    expect(card.userErrors[0]).toMatchObject({ code: UserErrorCode.INVALID_FIELD, field: ['items', '0', 'children', '0', 'shopperInput', '0', 'value'] });
    expect(card.userErrors[0].message).not.toContain('4111');
  });

  it('sends cards and gift cards as tokens only, and refuses methods Oracle does not take', () => {
    const payments = toOraclePayments({
      payments: [
        { method: PaymentMethod.CARD, cardToken: 'tok_visa_4242abcd', cardBrand: 'VISA', cardLast4: '4242', amount: '10.50' },
        { method: PaymentMethod.INVOICE, purchaseOrderNumber: 'PO-1' },
        { method: PaymentMethod.GIFT_CARD, giftCardToken: 'gc_token_12345678' },
      ],
    });
    expect(payments).toEqual([
      { type: 'card', cardType: 'VISA', customProperties: { cardToken: 'tok_visa_4242abcd', lastFour: '4242' }, amount: 10.5 },
      { type: 'invoice', PONumber: 'PO-1' },
      { type: 'physicalGiftCard', customProperties: { giftCardToken: 'gc_token_12345678' } },
    ]);
    expect(JSON.stringify(payments)).not.toMatch(/cardNumber|cardCVV|giftCardNumber|giftCardPin/);
    expect(refusal(() => toOraclePayments({ payments: [{ method: PaymentMethod.BANK, paymentProfileId: 'b1' }] })).userErrors[0]).toMatchObject({
      code: UserErrorCode.INVALID_FIELD,
      field: ['input', 'payments', '0', 'method'],
    });
    expect(refusal(() => toOraclePayments({ payments: [{ method: PaymentMethod.CARD, cardBrand: 'VISA' }] })).userErrors[0].field).toEqual([
      'input',
      'payments',
      '0',
      'cardToken',
    ]);
    expect(toOraclePayments({})).toBeUndefined();
  });

  it('sends dynamic properties as flat keys and never lets one overwrite a request member', () => {
    expect(toDynamicProperties([{ name: 'dynamicPropertyGiftOrder', value: 'true' }], ['input', 'dynamicProperties'])).toEqual({
      dynamicPropertyGiftOrder: 'true',
    });
    expect(refusal(() => toDynamicProperties([{ name: 'op', value: 'submitOrder' }], ['input', 'dynamicProperties'])).userErrors[0].field).toEqual([
      'input',
      'dynamicProperties',
      '0',
      'name',
    ]);
    expect(refusal(() => toDynamicProperties([{ name: 'note', value: '4111111111111111' }], ['input', 'dynamicProperties'])).userErrors[0].field).toEqual([
      'input',
      'dynamicProperties',
      '0',
      'value',
    ]);
  });

  it('merges new coupon codes after the cart own and maps each back to its argument', () => {
    const cart = { coupons: [{ code: 'SAVE10' }] } as Cart;
    const merged = mergeCoupons(cart, ['save10', 'FREESHIP'], ['codes']);
    expect(merged.codes).toEqual(['SAVE10', 'FREESHIP']);
    expect(merged.added).toBe(1);
    expect([merged.field(0), merged.field(1)]).toEqual([null, ['codes', '1']]);
    expect(toSubmitChanges({}, cart)).toBeNull();
    const changes = toSubmitChanges(
      {
        shippingMethod: 'express',
        shippingAddress: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
        couponCodes: ['FREESHIP'],
      },
      cart,
    );
    expect(changes?.changes).toEqual({
      shippingMethod: { value: 'express' },
      shippingAddress: { address1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
      shoppingCart: { coupons: [{ code: 'SAVE10' }, { code: 'FREESHIP' }] },
    });
  });

  it('reads the current items back with their ids and removes items at any depth', () => {
    const items = currentItems(check(), orderBody());
    expect(items[0]).toMatchObject({ commerceItemId: 'ci1000001', productId: 'prod-starter-bundle', catRefId: 'sku-starter-bundle', quantity: 1 });
    expect(items[0].childItems?.[1]).toEqual({
      commerceItemId: 'ci1000003',
      productId: 'prod-gift-wrap',
      catRefId: 'sku-gift-wrap',
      quantity: 1,
      shopperInput: { message: 'Happy Birthday', color: 'neon' },
    });
    const removed = new Set<string>();
    const rest = withoutItems(items, new Set(['ci1000003', 'ci1000005']), removed);
    expect([...removed].sort()).toEqual(['ci1000003', 'ci1000005']);
    expect(rest.map((i) => i.commerceItemId)).toEqual(['ci1000001']);
    expect(rest[0].childItems?.map((i) => i.commerceItemId)).toEqual(['ci1000002', 'ci1000004']);
  });

  it('multiplies money exactly', () => {
    expect(timesMoney({ amount: '29.99', currencyCode: 'USD' }, 3)).toEqual({ amount: '89.97', currencyCode: 'USD' });
    expect(timesMoney({ amount: '0.1', currencyCode: 'USD' }, 3)).toEqual({ amount: '0.30', currencyCode: 'USD' });
    expect(timesMoney({ amount: '-1234567890123.456', currencyCode: 'USD' }, 12345)).toEqual({ amount: '-15240740603574064.320', currencyCode: 'USD' });
    expect(timesMoney({ amount: '-4.995', currencyCode: 'USD' }, 2)).toEqual({ amount: '-9.990', currencyCode: 'USD' });
  });
});
