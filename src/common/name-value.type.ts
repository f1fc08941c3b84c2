import { Field, InputType, ObjectType } from 'type-graphql';
import { IsString, Length, Matches } from 'class-validator';
import { PRINTABLE } from './validation/patterns';

/** A free-form vendor attribute (AT&T characteristic, Oracle dynamic property). */
@ObjectType({ description: 'A named attribute carried through from the vendor, such as an AT&T characteristic.' })
export class NameValue {
  @Field(() => String, { description: 'Attribute name.' })
  name!: string;

  @Field(() => String, { description: 'Attribute value, as the vendor gave it.' })
  value!: string;
}

/** A named attribute sent to the vendor with an item. */
@InputType({ description: 'A named attribute sent to the vendor with an item, such as IMEI or isBYOD.' })
export class NameValueInput {
  @Field(() => String, { description: 'Attribute name: letters, digits, `_`, `-` and `.`, up to 64 characters.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'name must be 1-64 letters, digits, _, - or .' })
  name!: string;

  @Field(() => String, { description: 'Attribute value: printable text up to 256 characters.' })
  @IsString()
  @Length(0, 256)
  @Matches(PRINTABLE, { message: 'value must not hold control characters' })
  value!: string;
}
