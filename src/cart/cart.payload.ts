import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/user-error.type';
import { Cart } from './cart.type';

/** Result of a cart mutation. */
@ObjectType({ description: 'Result of a cart mutation: the cart as it now is, or why the change was refused.' })
export class CartPayload {
  @Field(() => Cart, { nullable: true, description: 'The cart after the change; null when the cart could not be found or made.' })
  cart?: Cart | null;

  @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors!: UserError[];
}
