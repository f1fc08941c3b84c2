import { Field, InputType, Int } from 'type-graphql';
import { IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { NoCardNumber } from '../common/validation/card-number';
import { VENDOR_CODE } from '../common/validation/patterns';
import { PaymentMethod } from './payment.type';

/** A payment method for a submit. A card travels only as a token plus brand and last four digits. */
@InputType({ description: 'A payment method for a submit. Cards are sent as a token, never as a card number.' })
export class PaymentInput {
  @Field(() => PaymentMethod, { description: 'How the order is paid.' })
  @IsEnum(PaymentMethod)
  method!: PaymentMethod;

  @Field(() => String, { nullable: true, description: 'Card token from the payment vault (CARD). Never a card number.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,128}$/, { message: 'cardToken must be 8-128 letters, digits, _ or -' })
  @NoCardNumber()
  cardToken?: string;

  @Field(() => String, { nullable: true, description: 'Card brand (CARD), for example VISA.' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2,20}$/, { message: 'cardBrand must be 2-20 letters' })
  cardBrand?: string;

  @Field(() => String, { nullable: true, description: 'Last four digits of the card (CARD).' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'cardLast4 must be exactly four digits' })
  cardLast4?: string;

  @Field(() => String, { nullable: true, description: 'Name printed on the card (CARD), where the vendor takes it (Oracle nameOnCard).' })
  @IsOptional()
  @Matches(/^[\p{L}\p{M} .'-]{1,80}$/u, { message: "nameOnCard must be 1-80 letters, spaces, . ' or -" })
  @NoCardNumber()
  nameOnCard?: string;

  @Field(() => Int, { nullable: true, description: 'Card expiry month 1-12 (CARD), where the vendor takes it (Oracle endMonth).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  cardExpiryMonth?: number;

  @Field(() => Int, { nullable: true, description: 'Card expiry year, four digits (CARD), where the vendor takes it (Oracle endYear).' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  cardExpiryYear?: number;

  @Field(() => String, { nullable: true, description: 'Gift card token (GIFT_CARD). Never the gift card number or PIN.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,128}$/, { message: 'giftCardToken must be 8-128 letters, digits, _ or -' })
  @NoCardNumber()
  giftCardToken?: string;

  @Field(() => String, { nullable: true, description: 'Purchase order number (INVOICE).' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'purchaseOrderNumber must be 1-64 letters, digits, _, ., : or -' })
  purchaseOrderNumber?: string;

  @Field(() => String, { nullable: true, description: 'Amount to take with this method, a decimal string; the rest of the total when omitted.' })
  @IsOptional()
  @Matches(/^\d{1,9}(\.\d{1,2})?$/, { message: 'amount must be a decimal such as 25.00' })
  amount?: string;

  @Field(() => String, { nullable: true, description: 'Vendor payment profile or bank account id (PAYMENT_PROFILE, BANK).' })
  @IsOptional()
  @Matches(VENDOR_CODE, { message: 'paymentProfileId must be 1-64 letters, digits, _, ., : or -' })
  paymentProfileId?: string;
}
