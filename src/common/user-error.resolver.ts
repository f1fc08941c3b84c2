import { FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { retryHint } from './errors';
import { UserError } from './user-error.type';

/**
 * The retry hint of every userError, computed from its code by the one rule table (`retryHint`), wherever the
 * userError was built: adapters and the service only ever set the code.
 */
@Resolver(() => UserError)
export class UserErrorResolver {
  @FieldResolver(() => Boolean, { description: 'Whether sending the same request again (with the same idempotency key) may succeed.' })
  retryable(@Root() error: UserError): boolean {
    return retryHint(error.code).retryable;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Seconds to wait before retrying; null when retrying will not help.' })
  retryAfterSeconds(@Root() error: UserError): number | null {
    return retryHint(error.code).retryAfterSeconds;
  }
}
