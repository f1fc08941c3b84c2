import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../common/money.type';

/** How an order is paid. */
export enum PaymentMethod {
  CARD = 'CARD',
  PAYMENT_PROFILE = 'PAYMENT_PROFILE',
  BANK = 'BANK',
  INVOICE = 'INVOICE',
  GIFT_CARD = 'GIFT_CARD',
}

registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'How an order is paid.',
  valuesConfig: {
    CARD: { description: 'A payment card, sent as a token; only brand and last four digits are kept.' },
    PAYMENT_PROFILE: { description: 'A payment profile stored at the vendor.' },
    BANK: { description: 'A bank account stored at the vendor.' },
    INVOICE: { description: 'Invoiced (B2B), optionally against a purchase order number.' },
    GIFT_CARD: { description: 'A gift card.' },
  },
});

/** The only card data this subgraph ever keeps or shows. */
@ObjectType({ description: 'A payment card as shown back: brand and last four digits only, never the number.' })
export class CardSummary {
  @Field(() => String, { nullable: true, description: 'Card brand, for example VISA.' })
  brand?: string | null;

  @Field(() => String, { nullable: true, description: 'Last four digits of the card number.' })
  last4?: string | null;
}

/** A payment on an order. */
@ObjectType({ description: 'A payment on an order, with the enrolment choices made with it.' })
export class Payment {
  @Field(() => PaymentMethod, { description: 'How it is paid.' })
  method!: PaymentMethod;

  @Field(() => Money, { nullable: true, description: 'Amount of this payment, where the vendor reports one.' })
  amount?: Money | null;

  @Field(() => String, { nullable: true, description: 'Vendor payment status, for example AUTHORIZED.' })
  status?: string | null;

  @Field(() => CardSummary, { nullable: true, description: 'The card, when `method` is CARD.' })
  card?: CardSummary | null;

  @Field(() => String, { nullable: true, description: "The vendor's own payment type, for example card or invoice (Oracle `type`)." })
  paymentType?: string | null;

  @Field(() => String, { nullable: true, description: 'Purchase order number of an invoice payment, where the vendor reports one (Oracle `PONumber`).' })
  purchaseOrderNumber?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the customer enrolled in AutoPay with this payment.' })
  autoPay?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the customer enrolled in paperless billing.' })
  paperless?: boolean | null;
}
