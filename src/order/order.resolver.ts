import { RenewalLineInput } from './renewal-line.input';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../context';
import { Vendor } from '../common/vendor';
import { Cart } from '../cart/cart.type';
import { ProductOrder } from './product-order.type';
import { ProductOrderConnection } from './order.connection';
import { OrderListPayload, OrderPayload } from './order.payload';
import { ReturnLineInput } from './return-line.input';

/** Order queries. Thin: arguments in, service call, result out. */
@Resolver(() => ProductOrder)
export class OrderResolver {
  @Query(() => ProductOrder, { nullable: true, description: "An order by id, read fresh from its vendor; null when unknown or not the caller's." })
  productOrder(@Arg('id', () => ID, { description: 'Opaque order id.' }) id: string, @Ctx() ctx: RequestContext): Promise<ProductOrder | null> {
    return ctx.orders.order(id);
  }

  @Query(() => ProductOrderConnection, { description: "A customer's orders, newest first, paged by the vendors' own offsets." })
  productOrders(
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('vendor', () => Vendor, { nullable: true, description: "Only this vendor's orders; all vendors when omitted." }) vendor: Vendor | undefined,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 50 (default 10).' }) first: number | undefined,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after (`pageInfo.endCursor`).' }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductOrderConnection> {
    return ctx.orders.customerOrders(customerId, vendor, first, after);
  }

  @Mutation(() => OrderListPayload, { description: 'Sends submitted orders to fulfilment again (Oracle).' })
  orderResendForFulfillment(
    @Arg('orderIds', () => [ID], { description: 'Opaque ids of the orders, at most 50.' }) orderIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<OrderListPayload> {
    return ctx.orders.resendForFulfillment(orderIds);
  }

  @Mutation(() => OrderPayload, { description: 'Returns lines of an order, whole or in part, exactly once per idempotency key (Adobe).' })
  orderReturn(
    @Arg('orderId', () => ID, { description: 'Opaque id of the order to return from.' }) orderId: string,
    @Arg('lines', () => [ReturnLineInput], { description: 'Lines and quantities to return.' }) lines: ReturnLineInput[],
    @Arg('idempotencyKey', () => String, { description: 'Unique per return intent, 8-128 characters; reuse it for retries.' }) idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<OrderPayload> {
    return ctx.orders.returnOrder(orderId, lines, idempotencyKey);
  }

  @Mutation(() => OrderPayload, { description: "Shows what the customer's renewal would order and cost, placing nothing (Adobe)." })
  renewalPreview(@Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string, @Ctx() ctx: RequestContext): Promise<OrderPayload> {
    return ctx.orders.previewRenewal(customerId);
  }

  @Mutation(() => OrderPayload, { description: "Places the customer's renewal, exactly once per idempotency key (Adobe)." })
  renewalPlace(
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('idempotencyKey', () => String, { description: 'Unique per renewal intent, 8-128 characters; reuse it for retries.' }) idempotencyKey: string,
    @Ctx() ctx: RequestContext,
    @Arg('lines', () => [RenewalLineInput], {
      nullable: true,
      description: 'The subscriptions to renew; when omitted, every line a fresh renewal preview shows as renewing (status 1000).',
    })
    lines?: RenewalLineInput[] | null,
  ): Promise<OrderPayload> {
    return ctx.orders.placeRenewal(customerId, idempotencyKey, lines ?? undefined);
  }

  @FieldResolver(() => Cart, { nullable: true, description: 'The cart the order was submitted from, when the vendor reports it.' })
  cart(@Root() order: ProductOrder, @Ctx() ctx: RequestContext): Promise<Cart | null> {
    return ctx.orders.cartOfOrder(order);
  }

  @FieldResolver(() => ProductOrder, { nullable: true, description: 'The order this one refers to, such as the original order of a return.' })
  referenceOrder(@Root() order: ProductOrder, @Ctx() ctx: RequestContext): Promise<ProductOrder | null> {
    return ctx.orders.referenceOrder(order);
  }
}
