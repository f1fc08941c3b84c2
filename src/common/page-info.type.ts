import { Field, ObjectType } from 'type-graphql';

/** Relay page information. */
@ObjectType({ description: 'Where a page of a connection stands (Relay).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow `endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether items precede `startCursor`.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor?: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page; pass as `after` for the next page.' })
  endCursor?: string | null;
}
