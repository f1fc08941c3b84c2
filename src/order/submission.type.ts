import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Where a placing write stands when its outcome is not known yet. */
export enum SubmissionState {
  CONFIRMING = 'CONFIRMING',
}

registerEnumType(SubmissionState, {
  name: 'SubmissionState',
  description: 'Where a submit stands while the subgraph confirms with the vendor whether the order was placed.',
  valuesConfig: {
    CONFIRMING: {
      description:
        'The request reached the vendor and no readable answer came back: the order may exist. Retry with the same idempotency key; it is confirmed with the vendor before anything is sent again, and never placed twice.',
    },
  },
});

/** A submit whose outcome is being confirmed with the vendor. */
@ObjectType({ description: 'A submit whose outcome the subgraph is still confirming with the vendor; show "we are confirming your order".' })
export class Submission {
  @Field(() => SubmissionState, { description: 'Where the submit stands.' })
  state!: SubmissionState;

  @Field(() => Int, { description: 'Seconds to wait before retrying with the same idempotency key.' })
  retryAfterSeconds!: number;
}
