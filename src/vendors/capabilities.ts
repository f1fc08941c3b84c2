import { CartOperation } from '../cart/cart-operation';
import { VendorAdapter } from './vendor-adapter';

/**
 * The operations an adapter supports, read from which optional methods it has: the graph's capability list never
 * names a vendor, so a new vendor folder declares its capabilities by what it implements.
 */
export function operationsOf(adapter: VendorAdapter): CartOperation[] {
  const present: [CartOperation, boolean][] = [
    [CartOperation.CART_CREATE, true],
    [CartOperation.CART_ITEMS_ADD, true],
    [CartOperation.CART_ITEMS_REMOVE, typeof adapter.removeItems === 'function'],
    [CartOperation.CART_PRICE, true],
    [CartOperation.CART_COUPONS_APPLY, typeof adapter.applyCoupons === 'function'],
    [CartOperation.CART_PRE_AUTHORIZE, typeof adapter.preAuthorizeCart === 'function'],
    [CartOperation.CART_SUBMIT, true],
    [CartOperation.ORDER_RESEND_FOR_FULFILLMENT, typeof adapter.resendForFulfillment === 'function'],
    [CartOperation.ORDER_RETURN, typeof adapter.returnOrder === 'function'],
    [CartOperation.RENEWAL_PREVIEW, typeof adapter.previewRenewal === 'function'],
    [CartOperation.RENEWAL_PLACE, typeof adapter.placeRenewal === 'function'],
  ];
  return present.filter(([, has]) => has).map(([op]) => op);
}
