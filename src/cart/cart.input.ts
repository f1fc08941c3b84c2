import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, Matches, Max, Min, ValidateNested, Length, IsBoolean } from 'class-validator';
import { NameValueInput } from '../common/name-value.type';
import { Vendor } from '../common/vendor';
import { CURRENCY_CODE, PRINTABLE, VENDOR_CODE } from '../common/validation/patterns';
import { NoCardNumber } from '../common/validation/card-number';
import { PaymentInput } from '../payment/payment.input';
import { AddressInput } from '../common/address.type';
import { CartItemAction } from './cart-item.type';

/** Most items one mutation may add or remove: bounds the vendor work a single request can cause. */
export const MAX_ITEMS_PER_MUTATION = 50;
/** The most units any vendor documents for a line (Adobe's enterprise offers [C]); each vendor refuses more than it takes. */
const MAX_QUANTITY = 599000;

/** One item to add to a cart. */
@InputType({ description: 'One item to add to a cart.' })
export class CartItemInput {
  @Field(() => CartItemAction, { defaultValue: CartItemAction.ADD, description: 'What the item does; ADD by default.' })
  @IsEnum(CartItemAction)
  action!: CartItemAction;

  @Field(() => ID, { nullable: true, description: 'Vendor offering id from the catalogue; required for ADD and SWAP.' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'offeringId must be 1-64 letters, digits, _, ., : or -' })
  offeringId?: string;

  @Field(() => ID, { nullable: true, description: 'Existing product to act on; required for TERMINATE and SWAP.' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'productId must be 1-64 letters, digits, _, ., : or -' })
  productId?: string;

  @Field(() => Int, { defaultValue: 1, description: `Number of units, 1 to ${MAX_QUANTITY}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'Vendor product type where the vendor needs it (AT&T productOfferingType).' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'productType must be 1-64 letters, digits, _, ., : or -' })
  productType?: string;

  @Field(() => String, { nullable: true, description: 'Billing account the item is billed to, where the vendor needs one.' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'billingAccountId must be 1-64 letters, digits, _, ., : or -' })
  billingAccountId?: string;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of the line (Adobe).' })
  @IsOptional()
  @Matches(CURRENCY_CODE, { message: 'currencyCode must be an ISO 4217 code such as USD' })
  currencyCode?: string;

  @Field(() => Int, { nullable: true, description: 'Your line number, 0 to 999999, unique in the cart (Adobe extLineItemNumber); assigned when omitted.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(999999)
  lineNumber?: number;

  @Field(() => String, { nullable: true, description: 'Deployment the line is for (Adobe deploymentId).' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'deploymentId must be 1-64 letters, digits, _, ., : or -' })
  deploymentId?: string;

  @Field(() => String, { nullable: true, description: 'Discount code for the line (Adobe discountCode).' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'discountCode must be 1-64 letters, digits, _, ., : or -' })
  discountCode?: string;

  @Field(() => [NameValueInput], { nullable: true, description: 'Shopper input of an add-on, such as a gift message (Oracle shopperInput).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  shopperInput?: NameValueInput[];

  @Field(() => [CartItemInput], { nullable: true, description: 'Parts of a bundle or add-ons of this item (Oracle childItems), at most 20.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  children?: CartItemInput[];

  @Field(() => [NameValueInput], { nullable: true, description: 'Vendor attributes of the item, such as IMEI or isBYOD.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  characteristics?: NameValueInput[];
}

/** Creates a cart for a customer at a vendor. */
@InputType({ description: 'Creates a cart for a customer at a vendor, optionally with first items.' })
export class CartCreateInput {
  @Field(() => Vendor, { description: 'The vendor to order from.' })
  @IsEnum(Vendor)
  vendor!: Vendor;

  @Field(() => ID, { description: 'The customer, as the customers subgraph knows them.' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: 'customerId must be 1-64 letters, digits, _ or -' })
  customerId!: string;

  @Field(() => String, { nullable: true, description: 'Sales channel (AT&T: IND, SelfService, ATTR or ECOMM; default IND).' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2,20}$/, { message: 'channel must be 2-20 letters' })
  channel?: string;

  @Field(() => [CartItemInput], { nullable: true, description: `Items to add at once, at most ${MAX_ITEMS_PER_MUTATION}.` })
  @IsOptional()
  @ArrayMaxSize(MAX_ITEMS_PER_MUTATION)
  @ValidateNested({ each: true })
  items?: CartItemInput[];
}

/** Choices made when submitting a cart. */
@InputType({ description: 'Payment, enrolment, terms, fulfilment and appointment choices for `cartSubmit`.' })
export class CartSubmitInput {
  @Field(() => [PaymentInput], { nullable: true, description: 'Payment methods; cards only as tokens.' })
  @IsOptional()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  payments?: PaymentInput[];

  @Field(() => Boolean, { nullable: true, description: 'Enrol in AutoPay (AT&T).' })
  @IsOptional()
  @IsBoolean()
  autoPay?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Enrol in paperless billing (AT&T).' })
  @IsOptional()
  @IsBoolean()
  paperless?: boolean;

  @Field(() => [String], { nullable: true, description: 'Keys of the terms the customer accepted (see `Cart.checkoutOptions.terms`).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { each: true, message: 'each accepted terms key must be 1-32 letters, digits, _ or -' })
  acceptedTerms?: string[];

  @Field(() => ID, { nullable: true, description: 'Chosen fulfilment option id (see `Cart.checkoutOptions`).' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'fulfillmentOptionId must be 1-64 letters, digits, _, ., : or -' })
  fulfillmentOptionId?: string;

  @Field(() => ID, { nullable: true, description: 'Chosen installation slot id (see `Cart.checkoutOptions`).' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'installationAppointmentId must be 1-64 letters, digits, _, ., : or -' })
  installationAppointmentId?: string;

  @Field(() => String, { nullable: true, description: 'Name of the person to contact about the installation.' })
  @IsOptional()
  @Length(1, 80)
  @Matches(PRINTABLE, { message: 'contactName must not hold control characters' })
  @NoCardNumber()
  contactName?: string;

  @Field(() => String, { nullable: true, description: 'Phone number of that person, digits with an optional leading +.' })
  @IsOptional()
  @Matches(/^\+?[0-9]{7,15}$/, { message: 'contactPhone must be 7-15 digits with an optional leading +' })
  contactPhone?: string;

  @Field(() => AddressInput, { nullable: true, description: 'Where to ship (Oracle).' })
  @IsOptional()
  @ValidateNested()
  shippingAddress?: AddressInput;

  @Field(() => AddressInput, { nullable: true, description: 'Billing address (Oracle).' })
  @IsOptional()
  @ValidateNested()
  billingAddress?: AddressInput;

  @Field(() => String, { nullable: true, description: 'Shipping method code (Oracle), for example ground.' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'shippingMethod must be 1-64 letters, digits, _, ., : or -' })
  shippingMethod?: string;

  @Field(() => [String], { nullable: true, description: 'Coupon codes to apply (Oracle).' })
  @IsOptional()
  @ArrayMaxSize(10)
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { each: true, message: 'each coupon code must be 1-40 letters, digits, _ or -' })
  couponCodes?: string[];

  @Field(() => [NameValueInput], { nullable: true, description: 'Order dynamic properties (Oracle), as name/value pairs.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  dynamicProperties?: NameValueInput[];

  @Field(() => String, { nullable: true, description: 'Your own reference for the order, up to 35 characters (Adobe externalReferenceId).' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,34}$/, { message: 'externalReferenceId must be 1-35 letters, digits, spaces, _, ., : or -' })
  externalReferenceId?: string;
}
