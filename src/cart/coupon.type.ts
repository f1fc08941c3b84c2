import { Field, ObjectType } from 'type-graphql';
import { Money } from '../common/money.type';

/** A coupon on a cart. */
@ObjectType({ description: 'A coupon applied to a cart, and what it took off.' })
export class Coupon {
  @Field(() => String, { description: 'The coupon code.' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'Whether the vendor applied it (for example claimed or unclaimed).' })
  status?: string | null;

  @Field(() => String, { nullable: true, description: 'What the coupon gives.' })
  description?: string | null;

  @Field(() => Money, { nullable: true, description: 'Amount taken off, as a positive amount.' })
  discount?: Money | null;
}
