import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../context';
import { Vendor } from '../common/vendor';
import { CartConnection } from '../cart/cart.connection';
import { ProductOrderConnection } from '../order/order.connection';
import { Customer } from './customer.type';

/** The fields this subgraph adds to Customer. */
@Resolver(() => Customer)
export class CustomerResolver {
  @FieldResolver(() => CartConnection, { description: "The customer's carts, newest first." })
  carts(
    @Root() customer: Customer,
    @Arg('vendor', () => Vendor, { nullable: true, description: "Only this vendor's carts; all vendors when omitted." }) vendor: Vendor | undefined,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 50 (default 10).' }) first: number | undefined,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after (`pageInfo.endCursor`).' }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CartConnection> {
    return ctx.orders.customerCarts(customer.id, vendor, first, after);
  }

  @FieldResolver(() => ProductOrderConnection, { description: "The customer's orders, newest first, paged by the vendors' own offsets." })
  orders(
    @Root() customer: Customer,
    @Arg('vendor', () => Vendor, { nullable: true, description: "Only this vendor's orders; all vendors when omitted." }) vendor: Vendor | undefined,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 50 (default 10).' }) first: number | undefined,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after (`pageInfo.endCursor`).' }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductOrderConnection> {
    return ctx.orders.customerOrders(customer.id, vendor, first, after);
  }
}
