import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** An amount of money: a decimal string, never a float, with its ISO 4217 currency. */
@ObjectType({ description: 'An amount of money as a decimal string with its ISO 4217 currency code.' })
export class Money {
  @Field(() => String, { description: 'Decimal amount as a string, for example "55.00"; never a float.' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217 currency code, for example "USD".' })
  currencyCode!: string;
}

/** How often a recurring charge repeats. */
export enum ChargePeriod {
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}

registerEnumType(ChargePeriod, {
  name: 'ChargePeriod',
  description: 'How often a recurring charge is billed.',
  valuesConfig: {
    MONTH: { description: 'Billed every month.' },
    YEAR: { description: 'Billed every year.' },
  },
});

/** A charge billed again every period. */
@ObjectType({ description: 'A charge billed again every period, such as a monthly plan fee.' })
export class RecurringCharge {
  @Field(() => Money, { description: 'The amount billed each period.' })
  amount!: Money;

  @Field(() => ChargePeriod, { description: 'How often the amount is billed.' })
  period!: ChargePeriod;
}

/** Prices of one item or line: one-time and recurring charges are always kept apart. */
@ObjectType({ description: 'Prices of one item: one-time and recurring charges kept apart.' })
export class ItemPrice {
  @Field(() => Money, { nullable: true, description: 'Charged once (equipment, installation); null when none.' })
  oneTime?: Money | null;

  @Field(() => RecurringCharge, { nullable: true, description: 'Charged every period; null when none.' })
  recurring?: RecurringCharge | null;
}

/** Totals of a cart or an order. */
@ObjectType({ description: 'Totals of a cart or order. Fields a vendor does not report are null.' })
export class Totals {
  @Field(() => Money, { nullable: true, description: 'Sum of all one-time charges.' })
  oneTime?: Money | null;

  @Field(() => [RecurringCharge], { description: 'Sum of recurring charges, one entry per billing period.' })
  recurring!: RecurringCharge[];

  @Field(() => Money, { nullable: true, description: 'Sum of line prices before tax, shipping and discounts.' })
  subtotal?: Money | null;

  @Field(() => Money, { nullable: true, description: 'Tax, where the vendor computes it.' })
  tax?: Money | null;

  @Field(() => Money, { nullable: true, description: 'Shipping charges, where the vendor computes them.' })
  shipping?: Money | null;

  @Field(() => Money, { nullable: true, description: 'Discounts applied, as a positive amount.' })
  discount?: Money | null;

  @Field(() => Money, { nullable: true, description: 'Amount due now: the one-time total after tax, shipping and discounts.' })
  total?: Money | null;
}
