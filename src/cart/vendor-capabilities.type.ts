import { Field, ObjectType } from 'type-graphql';
import { Vendor } from '../common/vendor';
import { CartOperation } from './cart-operation';

/** What one vendor can do through this subgraph, so clients can hide what it cannot. */
@ObjectType({ description: 'What one vendor can do through this subgraph, read from its documented API.' })
export class VendorCapabilities {
  @Field(() => Vendor, { description: 'The vendor.' })
  vendor!: Vendor;

  @Field(() => Boolean, { description: 'Whether this deployment serves the vendor (see `VENDORS`); false means every operation is refused.' })
  enabled!: boolean;

  @Field(() => [CartOperation], { description: 'The mutations the vendor supports; empty when it is not enabled.' })
  operations!: CartOperation[];
}
