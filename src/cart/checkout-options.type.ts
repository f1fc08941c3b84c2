import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Money } from '../common/money.type';
import { UserError } from '../common/user-error.type';

/** A way the vendor can deliver the cart. */
@ObjectType({ description: 'A way the vendor can deliver the cart (AT&T: DF direct fulfilment, C2S click to store).' })
export class FulfillmentOption {
  @Field(() => ID, { description: 'Pass as `fulfillmentOptionId` in `cartSubmit`.' })
  id!: string;

  @Field(() => String, { description: 'Vendor fulfilment method code, for example DF or C2S.' })
  method!: string;

  @Field(() => String, { nullable: true, description: 'Display name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Estimated delivery date (ISO 8601 date).' })
  estimatedDeliveryDate?: string | null;

  @Field(() => Money, { nullable: true, description: 'Price of this option.' })
  price?: Money | null;
}

/** A technician installation slot. */
@ObjectType({ description: 'A technician installation time slot that can be booked on submit.' })
export class AppointmentSlot {
  @Field(() => ID, { description: 'Pass as `installationAppointmentId` in `cartSubmit`.' })
  id!: string;

  @Field(() => GraphQLDateTimeISO, { description: 'Slot start.' })
  start!: Date;

  @Field(() => GraphQLDateTimeISO, { description: 'Slot end.' })
  end!: Date;
}

/** Terms the customer may or must accept before submitting. */
@ObjectType({ description: 'Terms and conditions offered at checkout; required ones must be accepted in `cartSubmit`.' })
export class TermsRequirement {
  @Field(() => String, { description: 'Terms key to list in `acceptedTerms`, for example CSA or HTPT.' })
  key!: string;

  @Field(() => String, { nullable: true, description: 'Display title.' })
  title?: string | null;

  @Field(() => Boolean, { description: 'Whether submitting requires accepting these terms.' })
  required!: boolean;
}

/** What the vendor offers at checkout for a cart. */
@ObjectType({ description: 'What the vendor offers at checkout: delivery options, installation slots and terms.' })
export class CheckoutOptions {
  @Field(() => [FulfillmentOption], { description: 'Delivery options; empty once one has been chosen.' })
  fulfillmentOptions!: FulfillmentOption[];

  @Field(() => [AppointmentSlot], { description: 'Installation slots; empty when nothing needs a technician.' })
  appointmentSlots!: AppointmentSlot[];

  @Field(() => [TermsRequirement], { description: 'Terms to accept on submit.' })
  terms!: TermsRequirement[];

  @Field(() => Boolean, { description: 'Whether the vendor considers the cart ready to submit.' })
  valid!: boolean;

  @Field(() => [UserError], { description: "The vendor's validation messages for the cart." })
  messages!: UserError[];
}
