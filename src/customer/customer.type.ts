import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A customer, owned by the customers subgraph. This subgraph resolves it from its id alone and contributes the
 * customer's carts and orders.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer (owned by the customers subgraph); this subgraph adds their carts and orders.' })
export class Customer {
  @Field(() => ID, { description: 'Customer id, passed to each vendor as its customer key.' })
  id!: string;
}
