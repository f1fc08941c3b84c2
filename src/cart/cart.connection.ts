import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { Cart } from './cart.type';

/** A cart in a connection. */
@ObjectType({ description: 'A cart in a page of carts.' })
export class CartEdge {
  @Field(() => String, { description: 'Opaque cursor of this cart, for `after`.' })
  cursor!: string;

  @Field(() => Cart, { description: 'The cart.' })
  node!: Cart;
}

/** A page of carts, newest first. */
@ObjectType({ description: "A page of a customer's carts (Relay connection), newest first." })
export class CartConnection {
  @Field(() => [CartEdge], { description: 'The carts of this page with their cursors.' })
  edges!: CartEdge[];

  @Field(() => [Cart], { description: 'The carts of this page, without cursors.' })
  nodes!: Cart[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Carts in all pages.' })
  totalCount!: number;
}
