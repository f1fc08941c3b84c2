import { RequestContext } from '../context';
import { tryDecodeId } from '../common/ids';
import { Cart } from './cart.type';

/** Resolves a `Cart` representation from the router through the request's cart loader; null for ids not ours. */
export async function resolveCartReference(reference: { id: string }, ctx: RequestContext): Promise<Cart | null> {
  const ref = tryDecodeId(reference.id, 'Cart');
  return ref ? ctx.orders.cartByRef(ref) : null;
}
