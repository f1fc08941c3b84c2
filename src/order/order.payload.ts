import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/user-error.type';
import { ProductOrder } from './product-order.type';
import { Submission } from './submission.type';

/** Result of a mutation that places or previews an order. */
@ObjectType({ description: 'Result of a mutation that places or previews an order.' })
export class OrderPayload {
  @Field(() => ProductOrder, { nullable: true, description: 'The order; null when it was refused or its outcome is not known yet (see `submission`).' })
  order?: ProductOrder | null;

  @Field(() => Submission, {
    nullable: true,
    description: 'Set when the vendor may have placed the order but its answer could not be read (user error VENDOR_OUTCOME_UNKNOWN); null otherwise.',
  })
  submission?: Submission | null;

  @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors!: UserError[];
}

/** Result of a mutation acting on several orders. */
@ObjectType({ description: 'Result of a mutation acting on several orders.' })
export class OrderListPayload {
  @Field(() => [ProductOrder], { description: 'The orders acted on.' })
  orders!: ProductOrder[];

  @Field(() => [UserError], { description: 'Why some or all of them were refused; empty on success.' })
  userErrors!: UserError[];
}
