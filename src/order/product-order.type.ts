import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Totals } from '../common/money.type';
import { OrderState } from '../common/order-state';
import { Vendor } from '../common/vendor';
import { Payment } from '../payment/payment.type';
import { OrderItem } from './order-item.type';
import { NameValue } from '../common/name-value.type';
import { Address } from '../common/address.type';

/** A placed order at a vendor. `cart` and `referenceOrder` are resolved by the order resolver. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An order placed at a vendor. The vendor is the source of truth; its state moves on over time.' })
export class ProductOrder {
  @Field(() => ID, { description: 'Opaque id; it carries the vendor, so any order can be routed from its id alone.' })
  id!: string;

  @Field(() => Vendor, { description: 'The vendor that holds the order.' })
  vendor!: Vendor;

  @Field(() => ID, { nullable: true, description: 'The customer who placed the order.' })
  customerId?: string | null;

  @Field(() => OrderState, { description: 'Vendor-neutral state.' })
  state!: OrderState;

  @Field(() => String, { nullable: true, description: "The vendor's own status value, unmapped (for example `InProgress` or `1002`)." })
  vendorStatus?: string | null;

  @Field(() => String, { nullable: true, description: 'Customer-facing order number to quote to support (AT&T customerOrderId).' })
  customerOrderId?: string | null;

  @Field(() => String, { nullable: true, description: "The caller's own reference sent with the order (Adobe externalReferenceId)." })
  externalReferenceId?: string | null;

  @Field(() => String, { nullable: true, description: 'Vendor order type, for example NEW, RETURN or RENEWAL.' })
  orderType?: string | null;

  @Field(() => [OrderItem], { description: 'Lines of the order.' })
  items!: OrderItem[];

  @Field(() => [Payment], { description: 'Payments and enrolments made with the order.' })
  payments!: Payment[];

  @Field(() => Totals, { description: 'Order totals, one-time and recurring kept apart.' })
  totals!: Totals;

  @Field(() => [NameValue], { description: 'Vendor dynamic properties of the order (Oracle), as name/value pairs.' })
  dynamicProperties!: NameValue[];

  @Field(() => Address, { nullable: true, description: 'Shipping address, where the vendor keeps one.' })
  shippingAddress?: Address | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'When the order was submitted to the vendor.' })
  submittedAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Seconds until the state may change, a hint for polling; null once the state is final.',
  })
  pollAfter?: number | null;

  /** The vendor's own id of the order (not exposed: clients see the opaque `id`). */
  vendorId!: string;

  /** Vendor id of the cart the order came from, when known. */
  cartVendorId?: string | null;

  /** Vendor id of the order this one refers to (a return's original order). */
  referenceOrderVendorId?: string | null;
}
