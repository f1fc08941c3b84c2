import { Field, ID, InputType, Int } from 'type-graphql';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { VENDOR_CODE } from '../common/validation/patterns';

/** One subscription to renew, and optionally how many units. */
@InputType({ description: 'One subscription to renew (Adobe), as `renewalPreview` lists it.' })
export class RenewalLineInput {
  @Field(() => ID, { description: 'The subscription id (`OrderItem.subscriptionId` of a renewal preview line).' })
  @Matches(VENDOR_CODE, { message: 'subscriptionId must be 1-64 letters, digits, _, ., : or -' })
  subscriptionId!: string;

  @Field(() => Int, { nullable: true, description: 'Units to renew; the quantity the preview shows when omitted.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(599000)
  quantity?: number;
}
