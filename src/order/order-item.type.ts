import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ItemPrice } from '../common/money.type';
import { OrderState } from '../common/order-state';
import { CartItemAction } from '../cart/cart-item.type';

/** One line of a placed order. */
@ObjectType({ description: 'One line of a placed order.' })
export class OrderItem {
  @Field(() => ID, { description: "The vendor's line id (AT&T item id, Oracle commerce item id, Adobe line number)." })
  id!: string;

  @Field(() => CartItemAction, { description: "What the line does to the customer's products." })
  action!: CartItemAction;

  @Field(() => String, { nullable: true, description: 'Vendor offering (catalogue) id.' })
  offeringId?: string | null;

  @Field(() => String, { nullable: true, description: 'Display name.' })
  name?: string | null;

  @Field(() => Int, { description: 'Number of units.' })
  quantity!: number;

  @Field(() => OrderState, { nullable: true, description: 'Vendor-neutral state of the line, where the vendor reports one.' })
  state?: OrderState | null;

  @Field(() => String, { nullable: true, description: "The vendor's own state of the line." })
  vendorStatus?: string | null;

  @Field(() => String, { nullable: true, description: 'Subscription or product created by the line, once complete.' })
  subscriptionId?: string | null;

  @Field(() => ItemPrice, { nullable: true, description: 'Price of one unit, where the vendor reports it.' })
  unitPrice?: ItemPrice | null;

  @Field(() => ItemPrice, { nullable: true, description: 'Price of the line, where the vendor reports it.' })
  totalPrice?: ItemPrice | null;
}
