import { Field, ObjectType } from 'type-graphql';

/**
 * A business refusal returned as data in a mutation payload, never thrown. `code` is one of this subgraph's stable
 * codes; `vendorCode` keeps the vendor's own.
 */
@ObjectType({ description: 'Why a mutation was refused. Refusals are data; faults are GraphQL errors.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path of the input field at fault, when one is.' })
  field?: string[] | null;

  @Field(() => String, { description: 'Stable code to switch on, for example CART_NOT_FOUND (the README lists them).' })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation, safe to show to a shopper.' })
  message!: string;

  @Field(() => String, { nullable: true, description: "The vendor's own error code, when the refusal came from the vendor." })
  vendorCode?: string | null;
}

/** Stable userError codes. Adapters map each vendor's refusals onto these. */
export const UserErrorCode = {
  CART_NOT_FOUND: 'CART_NOT_FOUND',
  ITEM_NOT_FOUND: 'ITEM_NOT_FOUND',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  CUSTOMER_NOT_FOUND: 'CUSTOMER_NOT_FOUND',
  OFFERING_NOT_FOUND: 'OFFERING_NOT_FOUND',
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  CART_NOT_EDITABLE: 'CART_NOT_EDITABLE',
  CART_EMPTY: 'CART_EMPTY',
  TERMS_NOT_ACCEPTED: 'TERMS_NOT_ACCEPTED',
  APPOINTMENT_REQUIRED: 'APPOINTMENT_REQUIRED',
  PAYMENT_REFUSED: 'PAYMENT_REFUSED',
  INVALID_FIELD: 'INVALID_FIELD',
  /** The vendor's documented API cannot do this operation; nothing was sent. */
  NOT_SUPPORTED_BY_VENDOR: 'NOT_SUPPORTED_BY_VENDOR',
  VENDOR_REFUSED: 'VENDOR_REFUSED',
  /** The request may have reached the vendor and no readable answer came back; retry with the same key. */
  VENDOR_OUTCOME_UNKNOWN: 'VENDOR_OUTCOME_UNKNOWN',
} as const;
export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode];
