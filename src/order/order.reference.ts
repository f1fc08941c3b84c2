import { RequestContext } from '../context';
import { tryDecodeId } from '../common/ids';
import { ProductOrder } from './product-order.type';

/** Resolves a `ProductOrder` representation through the request's order loader; null for ids not ours. */
export async function resolveProductOrderReference(reference: { id: string }, ctx: RequestContext): Promise<ProductOrder | null> {
  const ref = tryDecodeId(reference.id, 'ProductOrder');
  return ref ? ctx.orders.orderByRef(ref) : null;
}
