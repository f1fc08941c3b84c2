import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { VENDOR_CODE } from '../common/validation/patterns';

/** One line of an order to return, whole or in part. */
@InputType({ description: 'One line of an order to return, whole or in part.' })
export class ReturnLineInput {
  @Field(() => ID, { description: 'The order line id (`OrderItem.id`).' })
  @Matches(VENDOR_CODE, { message: 'lineId must be 1-64 letters, digits, _, ., : or -' })
  lineId!: string;

  @Field(() => Int, { description: "Units to return, 1 to the line's remaining quantity." })
  @IsInt()
  @Min(1)
  @Max(599000)
  quantity!: number;
}
