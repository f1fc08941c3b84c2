import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type';
import { ProductOrder } from './product-order.type';

/** An order in a connection. */
@ObjectType({ description: 'An order in a page of orders.' })
export class ProductOrderEdge {
  @Field(() => String, { description: 'Opaque cursor of this order, for `after`.' })
  cursor!: string;

  @Field(() => ProductOrder, { description: 'The order.' })
  node!: ProductOrder;
}

/** A page of orders, newest first within each vendor. */
@ObjectType({ description: "A page of a customer's orders (Relay connection), paged by the vendors themselves." })
export class ProductOrderConnection {
  @Field(() => [ProductOrderEdge], { description: 'The orders of this page with their cursors.' })
  edges!: ProductOrderEdge[];

  @Field(() => [ProductOrder], { description: 'The orders of this page, without cursors.' })
  nodes!: ProductOrder[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Orders in all pages, as the vendors count them.' })
  totalCount!: number;
}
