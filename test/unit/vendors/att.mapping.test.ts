import { ProductOrder } from '../../../src/order/product-order.type';
import { ShapeChecker } from '../../../src/vendors/shape';
import { mapCart, mapQueriedOrder, toAttItem, toExpressSubmit } from '../../../src/vendors/att/att.mapping';
import { attState } from '../../../src/vendors/att/att.states';
import { attUserErrors } from '../../../src/vendors/att/att.errors';
import { OrderState } from '../../../src/common/order-state';
import { CartItemAction } from '../../../src/cart/cart-item.type';
import { PaymentMethod } from '../../../src/payment/payment.type';
import { VendorCallError } from '../../../src/http/vendor-call-error';

const check = () => new ShapeChecker('AT&T', 'test');
const price = (priceType: string, value: number) => ({
  priceType,
  ...(priceType === 'recurring' ? { recurringChargePeriod: 'month' } : {}),
  price: { dutyFreeAmount: { unit: 'USD', value } },
});

describe('AT&T mapping', () => {
  it('maps both state casings and the internal cart states', () => {
    expect(attState('inProgress')).toBe(OrderState.IN_PROGRESS);
    expect(attState('InProgress')).toBe(OrderState.IN_PROGRESS);
    expect(attState('Submitted')).toBe(OrderState.SUBMITTED);
    expect(attState('assessingCancellation')).toBe(OrderState.ASSESSING_CANCELLATION);
    expect(attState('PendingCancel')).toBe(OrderState.PENDING_CANCELLATION);
    expect(attState('Fallout')).toBe(OrderState.HELD);
    expect(attState('Warp')).toBeUndefined();
  });

  it('maps a ProductOrder-shaped cart with one-time and recurring prices kept apart', () => {
    const cart = mapCart(check(), {
      id: 'c-1',
      state: 'Draft',
      relatedParty: [{ role: 'customer', id: 'cust-1001' }],
      productOrderItem: [
        {
          id: '01',
          action: 'add',
          quantity: 2,
          productOffering: { id: 'wifi', name: 'Wi-Fi' },
          itemPrice: [price('oneTime', 120)],
          itemTotalPrice: [price('oneTime', 240)],
        },
        { id: '02', action: 'swap;add', productOffering: { id: 'plan' }, itemPrice: [price('recurring', 65)] },
      ],
      orderTotalPrice: [price('oneTime', 240), price('recurring', 65)],
    });
    expect(cart.state).toBe(OrderState.DRAFT);
    expect(cart.items[0].totalPrice.oneTime).toEqual({ amount: '240.00', currencyCode: 'USD' });
    expect(cart.items[1].action).toBe(CartItemAction.SWAP);
    expect(cart.items[1].quantity).toBe(1);
    expect(cart.totals.oneTime?.amount).toBe('240.00');
    expect(cart.totals.recurring).toEqual([{ period: 'MONTH', amount: { amount: '65.00', currencyCode: 'USD' } }]);
  });

  it('refuses a cart of the wrong shape as a bad vendor response, never a null in a non-null field', () => {
    expect(() => mapCart(check(), { unexpected: true, id: 42 })).toThrow(VendorCallError);
    const detail = (body: unknown) => {
      try {
        mapCart(check(), body);
      } catch (error) {
        return (error as VendorCallError).detail;
      }
      return 'no error';
    };
    expect(detail({ id: 'c', relatedParty: [] })).toMatch(/role customer/);
    expect(detail({ id: '../x', relatedParty: [{ role: 'customer', id: 'c' }] })).toMatch(/safe id/);
  });

  it('maps a queried order from the documented fields, keeping the submit record items and payments', () => {
    const raw = {
      id: 'o-1',
      orderId: '26-12345678901234',
      orderDate: '2026-11-25T10:00:00Z',
      orderStatus: { status: 'Acknowledged' },
      accounts: [{ accountNumber: 'cust-1001' }],
      orderPrice: { total: '179.00' },
    };
    const order = mapQueriedOrder(check(), raw, 'order');
    expect(order).toMatchObject({ state: OrderState.ACKNOWLEDGED, customerId: 'cust-1001', customerOrderId: '26-12345678901234', pollAfter: 60, items: [] });
    expect(order.totals.total).toEqual({ amount: '179.00', currencyCode: 'USD' });
    const submitted: ProductOrder = {
      ...order,
      state: OrderState.SUBMITTED,
      payments: [{ method: PaymentMethod.CARD, amount: null, status: null, card: { brand: 'VISA', last4: '4242' } }],
    };
    const merged = mapQueriedOrder(check(), raw, 'order', submitted);
    expect(merged).toMatchObject({ state: OrderState.ACKNOWLEDGED, payments: [{ method: PaymentMethod.CARD, card: { brand: 'VISA', last4: '4242' } }] });
  });

  it('reads tolerantly: an unknown state is PENDING with the raw value; a malformed optional part is dropped; only the id is required', () => {
    const order = mapQueriedOrder(
      check(),
      { id: 'o-2', orderStatus: { status: 'Rerouted' }, orderDate: 'not a date', accounts: 'nope', orderPrice: { total: 'x' } },
      'order',
    );
    expect(order).toMatchObject({ state: OrderState.PENDING, vendorStatus: 'Rerouted', submittedAt: null, customerId: null });
    expect(order.totals.total).toBeNull();
    let thrown: unknown;
    try {
      mapQueriedOrder(check(), { orderStatus: { status: 'Submitted' } }, 'order');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VendorCallError);
    expect((thrown as VendorCallError).detail).toMatch(/order\.id/);
  });

  it('builds request bodies with AT&T actions and only card tokens', () => {
    expect(toAttItem({ action: CartItemAction.TERMINATE, productId: 'prod-1', quantity: 1, productType: 'SIM' })).toMatchObject({
      action: 'terminate',
      product: { id: 'prod-1' },
      actionReason: { name: 'LC' },
    });
    const body = toExpressSubmit({
      payments: [{ method: PaymentMethod.CARD, cardToken: 'tok_12345678', cardBrand: 'VISA', cardLast4: '4242' }],
      acceptedTerms: ['CSA'],
      autoPay: true,
    });
    expect(body).toEqual({
      paymentMethods: [{ type: 'card', card: { token: 'tok_12345678', brand: 'VISA', last4: '4242' } }],
      enrollment: { autoPay: true, paperless: undefined },
      terms: { acceptedKeys: ['CSA'] },
    });
  });

  it('maps TMF error bodies and 409 validation details to stable codes, keeping the vendor code', () => {
    expect(
      attUserErrors({ status: 400, headers: {}, body: { code: 'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002', reason: 'x', message: 'internal text' } }),
    ).toEqual([{ code: 'CART_EMPTY', message: 'The cart has no items to submit', field: null, vendorCode: 'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002' }]);
    const conflict = attUserErrors({
      status: 409,
      headers: {},
      body: {
        error: { code: 'SUBMITCHANGE_INVALID_TERMS_EXIST' },
        productOrder: { validation: { messages: [{ code: 'INSTALLATION_APPOINTMENT_REQUIRED' }] } },
      },
    });
    expect(conflict.map((e) => e.code)).toEqual(['TERMS_NOT_ACCEPTED', 'APPOINTMENT_REQUIRED']);
    expect(attUserErrors({ status: 404, headers: {}, body: undefined })[0]).toMatchObject({ code: 'CART_NOT_FOUND', vendorCode: null });
    expect(attUserErrors({ status: 400, headers: {}, body: { code: 'SOMETHING_NEW' } })[0]).toMatchObject({
      code: 'VENDOR_REFUSED',
      vendorCode: 'SOMETHING_NEW',
    });
  });
});
