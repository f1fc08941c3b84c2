import { Field, InputType, ObjectType } from 'type-graphql';
import { IsOptional, Length, Matches } from 'class-validator';
import { PRINTABLE } from './validation/patterns';
import { NoCardNumber } from './validation/card-number';

/** A postal address as shown back. */
@ObjectType({ description: 'A postal address.' })
export class Address {
  @Field(() => String, { nullable: true, description: 'Recipient first name.' })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Recipient last name.' })
  lastName?: string | null;

  @Field(() => String, { description: 'Street address.' })
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Apartment, suite, unit.' })
  line2?: string | null;

  @Field(() => String, { description: 'City.' })
  city!: string;

  @Field(() => String, { nullable: true, description: 'State, province or region code, for example CA.' })
  state?: string | null;

  @Field(() => String, { description: 'Postal code.' })
  postalCode!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code, for example US.' })
  country!: string;
}

/** A postal address sent to a vendor. Every field is checked, since vendors copy them into their own systems. */
@InputType({ description: 'A postal address. Country is ISO 3166-1 alpha-2; state is a region code such as CA.' })
export class AddressInput {
  @Field(() => String, { nullable: true, description: 'Recipient first name, up to 40 characters.' })
  @IsOptional()
  @Length(1, 40)
  @Matches(PRINTABLE, { message: 'firstName must not hold control characters' })
  @NoCardNumber()
  firstName?: string;

  @Field(() => String, { nullable: true, description: 'Recipient last name, up to 40 characters.' })
  @IsOptional()
  @Length(1, 40)
  @Matches(PRINTABLE, { message: 'lastName must not hold control characters' })
  @NoCardNumber()
  lastName?: string;

  @Field(() => String, { description: 'Street address, up to 100 characters.' })
  @Length(1, 100)
  @Matches(PRINTABLE, { message: 'line1 must not hold control characters' })
  @NoCardNumber()
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Apartment, suite, unit; up to 100 characters.' })
  @IsOptional()
  @Length(1, 100)
  @Matches(PRINTABLE, { message: 'line2 must not hold control characters' })
  @NoCardNumber()
  line2?: string;

  @Field(() => String, { description: 'City, up to 60 characters.' })
  @Length(1, 60)
  @Matches(PRINTABLE, { message: 'city must not hold control characters' })
  city!: string;

  @Field(() => String, { nullable: true, description: 'State, province or region code: 1-3 capital letters or digits.' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{1,3}$/, { message: 'state must be a region code of 1-3 capital letters or digits, such as CA' })
  state?: string;

  @Field(() => String, { description: 'Postal code: 3-10 letters, digits, spaces or dashes.' })
  @Matches(/^[A-Za-z0-9](?:[A-Za-z0-9 -]{1,8})[A-Za-z0-9]$/, { message: 'postalCode must be 3-10 letters, digits, spaces or dashes' })
  postalCode!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code, for example US.' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country!: string;
}
