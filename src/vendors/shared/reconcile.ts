import { VendorCallError } from '../../http/vendor-call-error';
import { ProductOrder } from '../../order/product-order.type';
import { Reconciliation } from '../vendor-adapter';

/**
 * Turns a documented lookup into a reconciliation: the order found is `committed`, none is `not_committed`, and a
 * vendor call that gave no usable answer is `unknown` (the record stays and is asked again). A refusal from the
 * vendor passes through: it says that nothing was placed.
 */
export async function reconcileWith(lookup: () => Promise<ProductOrder | null>): Promise<Reconciliation> {
  try {
    const order = await lookup();
    return order ? { outcome: 'committed', order } : { outcome: 'not_committed' };
  } catch (error) {
    if (error instanceof VendorCallError) return { outcome: 'unknown', reason: `${error.vendor} ${error.route}: ${error.kind}` };
    throw error;
  }
}
