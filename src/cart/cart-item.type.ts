import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ItemPrice } from '../common/money.type';
import { NameValue } from '../common/name-value.type';

/** What an item does to the customer's products. */
export enum CartItemAction {
  ADD = 'ADD',
  NO_CHANGE = 'NO_CHANGE',
  TERMINATE = 'TERMINATE',
  SWAP = 'SWAP',
}

registerEnumType(CartItemAction, {
  name: 'CartItemAction',
  description: "What an item does to the customer's products.",
  valuesConfig: {
    ADD: { description: 'Adds a new product from an offering.' },
    NO_CHANGE: { description: 'Keeps an existing product as it is (context for other items in a bundle).' },
    TERMINATE: { description: 'Ends an existing product, named by `productId`.' },
    SWAP: { description: 'Replaces an existing product with a new offering.' },
  },
});

/** One line of a cart: an offering, its quantity and its prices; bundles nest their parts in `children`. */
@ObjectType({ description: 'One line of a cart: an offering with its quantity and prices. Bundles nest parts in `children`.' })
export class CartItem {
  @Field(() => ID, { description: 'Opaque id of the item, for `cartItemsRemove`.' })
  id!: string;

  /** The vendor's own id of the item within its cart. */
  vendorId!: string;

  @Field(() => CartItemAction, { description: "What the item does to the customer's products." })
  action!: CartItemAction;

  @Field(() => String, { nullable: true, description: 'Vendor offering (catalogue) id; null for a terminated product.' })
  offeringId?: string | null;

  @Field(() => String, { nullable: true, description: 'Display name of the offering.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Vendor product type, for example Fiber_Internet or Mobile_Device.' })
  productType?: string | null;

  @Field(() => String, { nullable: true, description: 'Existing product this item acts on (TERMINATE, SWAP).' })
  productId?: string | null;

  @Field(() => Int, { description: 'Number of units.' })
  quantity!: number;

  @Field(() => ItemPrice, { description: 'Price of one unit.' })
  unitPrice!: ItemPrice;

  @Field(() => ItemPrice, { description: 'Price of the line: unit price times quantity.' })
  totalPrice!: ItemPrice;

  @Field(() => Int, { nullable: true, description: 'Line number within the cart (Adobe extLineItemNumber).' })
  lineNumber?: number | null;

  @Field(() => String, { nullable: true, description: 'Currency of the line, where the vendor keeps one per line.' })
  currencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Deployment the line is for (Adobe).' })
  deploymentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Discount code of the line (Adobe).' })
  discountCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A better offering the vendor would order instead, as the last price preview found (Adobe volume tiers).',
  })
  suggestedOfferingId?: string | null;

  @Field(() => [NameValue], { description: 'Shopper input of an add-on (Oracle).' })
  shopperInput!: NameValue[];

  @Field(() => [NameValue], { description: 'Vendor attributes of the item.' })
  characteristics!: NameValue[];

  @Field(() => [CartItem], { description: 'Parts of a bundle, or add-ons of this item.' })
  children!: CartItem[];
}
