import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Totals } from '../common/money.type';
import { OrderState } from '../common/order-state';
import { UserError } from '../common/user-error.type';
import { Vendor } from '../common/vendor';
import { CartItem } from './cart-item.type';
import { Coupon } from './coupon.type';
import { Address } from '../common/address.type';
import { NameValue } from '../common/name-value.type';

/**
 * A cart being built at a vendor (or, for a vendor without carts, held here as a draft). `order` and
 * `checkoutOptions` are resolved by the cart resolver.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A cart of items for one customer at one vendor, turned into a ProductOrder by `cartSubmit`.' })
export class Cart {
  @Field(() => ID, { description: 'Opaque id; it carries the vendor, so any cart can be routed from its id alone.' })
  id!: string;

  @Field(() => Vendor, { description: 'The vendor that holds the cart.' })
  vendor!: Vendor;

  @Field(() => ID, { description: 'The customer the cart belongs to.' })
  customerId!: string;

  @Field(() => OrderState, { description: 'Vendor-neutral state: DRAFT until submitted.' })
  state!: OrderState;

  @Field(() => String, { nullable: true, description: "The vendor's own state value, unmapped." })
  vendorStatus?: string | null;

  @Field(() => [CartItem], { description: 'Items in the cart.' })
  items!: CartItem[];

  @Field(() => Totals, { description: 'Cart totals, one-time and recurring kept apart.' })
  totals!: Totals;

  @Field(() => [Coupon], { description: 'Coupons applied to the cart.' })
  coupons!: Coupon[];

  @Field(() => Address, { nullable: true, description: 'Shipping address, where the vendor keeps one on the cart.' })
  shippingAddress?: Address | null;

  @Field(() => String, { nullable: true, description: 'Shipping method, where the vendor keeps one on the cart.' })
  shippingMethod?: string | null;

  @Field(() => [NameValue], { description: 'Vendor dynamic properties of the cart (Oracle), as name/value pairs.' })
  dynamicProperties!: NameValue[];

  @Field(() => [UserError], { description: "The vendor's validation messages about the cart, if any." })
  validationMessages!: UserError[];

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the cart was created.' })
  createdAt?: Date | null;

  /** The vendor's own id of the cart (not exposed: clients see the opaque `id`). */
  vendorId!: string;

  /** Vendor id of the order this cart became, when the vendor reports it on the cart. */
  orderVendorId?: string | null;
}
