import { CART_LEVEL_OPERATIONS, CartOperation } from './cart-operation';
import { VendorCapabilities } from './vendor-capabilities.type';
import { Vendor } from '../common/vendor';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../context';
import { ProductOrder } from '../order/product-order.type';
import { OrderPayload } from '../order/order.payload';
import { CartCreateInput, CartItemInput, CartSubmitInput } from './cart.input';
import { CartPayload } from './cart.payload';
import { Cart } from './cart.type';
import { CheckoutOptions } from './checkout-options.type';
import { Submission } from '../order/submission.type';

/** Cart queries and mutations. Thin: arguments in, service call, payload out. */
@Resolver(() => Cart)
export class CartResolver {
  @Query(() => Cart, { nullable: true, description: "A cart by id; null when unknown or not the caller's." })
  cart(@Arg('id', () => ID, { description: 'Opaque cart id.' }) id: string, @Ctx() ctx: RequestContext): Promise<Cart | null> {
    return ctx.orders.cart(id);
  }

  @Mutation(() => CartPayload, { description: 'Creates a cart for a customer at a vendor, optionally with first items.' })
  cartCreate(
    @Arg('input', () => CartCreateInput, { description: 'Vendor, customer and optional items.' }) input: CartCreateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CartPayload> {
    return ctx.orders.createCart(input);
  }

  @Mutation(() => CartPayload, { description: 'Adds items to a cart; the vendor reprices it.' })
  cartItemsAdd(
    @Arg('cartId', () => ID, { description: 'Opaque cart id.' }) cartId: string,
    @Arg('items', () => [CartItemInput], { description: 'Items to add, at most 50.' }) items: CartItemInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<CartPayload> {
    return ctx.orders.addItems(cartId, items);
  }

  @Mutation(() => CartPayload, { description: 'Removes items from a cart.' })
  cartItemsRemove(
    @Arg('cartId', () => ID, { description: 'Opaque cart id.' }) cartId: string,
    @Arg('itemIds', () => [ID], { description: 'Ids of the cart items to remove, at most 50.' }) itemIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<CartPayload> {
    return ctx.orders.removeItems(cartId, itemIds);
  }

  @Mutation(() => CartPayload, { description: 'Prices a cart at the vendor (Oracle price, Adobe preview); other vendors price on every change.' })
  cartPrice(@Arg('cartId', () => ID, { description: 'Opaque cart id.' }) cartId: string, @Ctx() ctx: RequestContext): Promise<CartPayload> {
    return ctx.orders.priceCart(cartId);
  }

  @Mutation(() => OrderPayload, {
    description: 'Submits a cart as an order, exactly once per idempotency key: retries with the same key return the same order.',
  })
  cartSubmit(
    @Arg('cartId', () => ID, { description: 'Opaque cart id.' }) cartId: string,
    @Arg('idempotencyKey', () => String, { description: 'Unique per submit intent, 8-128 characters; reuse it for retries.' }) idempotencyKey: string,
    @Arg('input', () => CartSubmitInput, { nullable: true, description: 'Payment, enrolment, terms, fulfilment and appointment choices.' })
    input: CartSubmitInput | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<OrderPayload> {
    return ctx.orders.submitCart(cartId, idempotencyKey, input ?? undefined);
  }

  @Mutation(() => CartPayload, { description: "Pre-authorizes the cart's payments before submit (Oracle)." })
  cartPreAuthorize(
    @Arg('cartId', () => ID, { description: 'Opaque cart id.' }) cartId: string,
    @Arg('input', () => CartSubmitInput, { nullable: true, description: 'Payments and addresses to authorize.' }) input: CartSubmitInput | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CartPayload> {
    return ctx.orders.preAuthorizeCart(cartId, input ?? undefined);
  }

  @Mutation(() => CartPayload, { description: 'Applies coupon codes to a cart; the vendor reprices it (Oracle).' })
  cartCouponsApply(
    @Arg('cartId', () => ID, { description: 'Opaque cart id.' }) cartId: string,
    @Arg('codes', () => [String], { description: 'Coupon codes, 1 to 10.' }) codes: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<CartPayload> {
    return ctx.orders.applyCoupons(cartId, codes);
  }

  @FieldResolver(() => CheckoutOptions, {
    nullable: true,
    description:
      'What the vendor offers at checkout (AT&T fulfilment options, installation slots, terms); null for vendors without a checkout step. Costs a vendor call.',
  })
  checkoutOptions(@Root() cart: Cart, @Ctx() ctx: RequestContext): Promise<CheckoutOptions | null> {
    return ctx.orders.checkoutOptions(cart);
  }

  @FieldResolver(() => Submission, {
    nullable: true,
    description: "A submit of this cart whose outcome is still being confirmed with the vendor (the caller's own submits); null otherwise.",
  })
  submission(@Root() cart: Cart, @Ctx() ctx: RequestContext): Promise<Submission | null> {
    return ctx.orders.submissionOfCart(cart);
  }

  @FieldResolver(() => [CartOperation], {
    description: "The cart mutations its vendor's documented API can carry out; the others answer NOT_SUPPORTED_BY_VENDOR. Costs no vendor call.",
  })
  supportedOperations(@Root() cart: Cart, @Ctx() ctx: RequestContext): CartOperation[] {
    return ctx.orders.capabilities(cart.vendor).operations.filter((op) => CART_LEVEL_OPERATIONS.has(op));
  }

  @Query(() => VendorCapabilities, { description: 'What a vendor can do through this subgraph, so a client can offer only what works. Costs no vendor call.' })
  vendorCapabilities(@Arg('vendor', () => Vendor, { description: 'The vendor.' }) vendor: Vendor, @Ctx() ctx: RequestContext): VendorCapabilities {
    return ctx.orders.capabilities(vendor);
  }

  @FieldResolver(() => ProductOrder, { nullable: true, description: 'The order this cart became, once submitted.' })
  order(@Root() cart: Cart, @Ctx() ctx: RequestContext): Promise<ProductOrder | null> {
    return ctx.orders.orderOfCart(cart);
  }
}
