import { registerEnumType } from 'type-graphql';

/** The graph's mutations that a vendor may or may not be able to carry out, named after the mutations. */
export enum CartOperation {
  CART_CREATE = 'CART_CREATE',
  CART_ITEMS_ADD = 'CART_ITEMS_ADD',
  CART_ITEMS_REMOVE = 'CART_ITEMS_REMOVE',
  CART_PRICE = 'CART_PRICE',
  CART_COUPONS_APPLY = 'CART_COUPONS_APPLY',
  CART_PRE_AUTHORIZE = 'CART_PRE_AUTHORIZE',
  CART_SUBMIT = 'CART_SUBMIT',
  ORDER_RESEND_FOR_FULFILLMENT = 'ORDER_RESEND_FOR_FULFILLMENT',
  ORDER_RETURN = 'ORDER_RETURN',
  RENEWAL_PREVIEW = 'RENEWAL_PREVIEW',
  RENEWAL_PLACE = 'RENEWAL_PLACE',
}

registerEnumType(CartOperation, {
  name: 'CartOperation',
  description:
    "A mutation a vendor's documented API can carry out. An operation a vendor cannot do answers the user error NOT_SUPPORTED_BY_VENDOR, with no vendor call.",
  valuesConfig: {
    CART_CREATE: { description: '`cartCreate`: open a cart.' },
    CART_ITEMS_ADD: { description: '`cartItemsAdd`: add items to a cart.' },
    CART_ITEMS_REMOVE: { description: '`cartItemsRemove`: remove items from a cart (AT&T documents no item removal).' },
    CART_PRICE: { description: '`cartPrice`: price a cart (a no-op where answers are already priced).' },
    CART_COUPONS_APPLY: { description: '`cartCouponsApply`: apply coupon codes (Oracle).' },
    CART_PRE_AUTHORIZE: { description: '`cartPreAuthorize`: pre-authorize payments before submit (Oracle).' },
    CART_SUBMIT: { description: '`cartSubmit`: place the order, exactly once per idempotency key.' },
    ORDER_RESEND_FOR_FULFILLMENT: { description: '`orderResendForFulfillment`: send orders to fulfilment again (Oracle).' },
    ORDER_RETURN: { description: '`orderReturn`: return lines of an order (Adobe).' },
    RENEWAL_PREVIEW: { description: '`renewalPreview`: what a renewal would order (Adobe).' },
    RENEWAL_PLACE: { description: '`renewalPlace`: place a renewal (Adobe).' },
  },
});

/** Operations that act on one cart, which `Cart.supportedOperations` lists. */
export const CART_LEVEL_OPERATIONS: ReadonlySet<CartOperation> = new Set([
  CartOperation.CART_ITEMS_ADD,
  CartOperation.CART_ITEMS_REMOVE,
  CartOperation.CART_PRICE,
  CartOperation.CART_COUPONS_APPLY,
  CartOperation.CART_PRE_AUTHORIZE,
  CartOperation.CART_SUBMIT,
]);
