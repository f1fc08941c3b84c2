import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { ASTVisitor, DocumentNode, GraphQLError, parse, ValidationContext, ValidationRule } from 'graphql';
import { ErrorCode } from '../common/errors';
import { RequestContext } from '../context';
import { checkDocumentShape, DEFAULT_SHAPE_LIMITS, expandedFieldCount, EXPENSIVE_FIELDS, ShapeLimits } from './limits';

/**
 * How expensive operations are admitted: how many run at once, what share of the time they may hold the process
 * (after one that took d ms, the next waits d × (1 / share - 1) ms), and how many may wait before more are refused.
 */
export interface AdmissionLimits {
  concurrent: number;
  share: number;
  queued: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { concurrent: 1, share: 0.25, queued: 32 };

/** Too many expensive operations are waiting: retry shortly. */
export class ServerBusyError extends GraphQLError {
  constructor() {
    super('Too many expensive operations are waiting; retry shortly or ask for fewer fields', {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryable: true,
        retryAfterSeconds: 1,
        http: { status: 503, headers: new HeaderMap([['retry-after', '1']]) },
      },
    });
  }
}

/** Stand-in documents of refused ones, with the reason of the refusal. */
const refusals = new WeakMap<DocumentNode, string>();

/** The validation rule that reports a shape refusal made by costGuardPlugin before validation. */
export const shapeRefusalRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Document(node) {
    const problem = refusals.get(node);
    if (problem) context.reportError(new GraphQLError(problem));
  },
});

/**
 * A semaphore with a bounded queue and a duty cycle: expensive operations run a few at a time and only for a share
 * of the wall time, so that ordinary operations find the event loop free most of the time.
 */
class Admission {
  private running = 0;
  private nextAdmission = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: AdmissionLimits) {}

  /** Resolves with a release function once admitted; rejects at once when the queue is full. */
  acquire(): Promise<() => void> {
    if (this.waiting.length >= this.limits.queued) return Promise.reject(new ServerBusyError());
    return new Promise((resolve) => {
      this.waiting.push(() => resolve(this.admit()));
      this.drain();
    });
  }

  private drain(): void {
    while (this.waiting.length && this.running < this.limits.concurrent) {
      const wait = this.nextAdmission - Date.now();
      if (wait > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait).unref();
        return;
      }
      this.running++;
      this.waiting.shift()!();
    }
  }

  private admit(): () => void {
    const admitted = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const took = Date.now() - admitted;
      this.nextAdmission = Math.max(this.nextAdmission, Date.now() + took * (1 / this.limits.share - 1));
      this.drain();
    };
  }
}

/**
 * Bounds the cost of a document before validation and before execution: the document's shape (fields per selection
 * set, fields sharing a response name, fragments) is checked in one linear pass before GraphQL validation, whose
 * overlapping-fields rule is quadratic in those counts; and an operation whose expanded field count marks it as
 * expensive waits for one of few admission slots, so that a handful of them cannot stall every other caller.
 */
export function costGuardPlugin(shape: ShapeLimits = DEFAULT_SHAPE_LIMITS, admission: AdmissionLimits = DEFAULT_ADMISSION): ApolloServerPlugin<RequestContext> {
  const slots = new Admission(admission);
  return {
    requestDidStart() {
      let release: (() => void) | undefined;
      return Promise.resolve({
        validationDidStart(requestContext) {
          const problem = checkDocumentShape(requestContext.document, shape);
          if (problem) {
            // Validation is not run on the refused document at all: a one-field stand-in goes through it instead,
            // and shapeRefusalRule reports the problem on it as an ordinary validation error (HTTP 400).
            const standIn = parse('{ __typename }');
            refusals.set(standIn, problem);
            (requestContext as { document: DocumentNode }).document = standIn;
          }
          return Promise.resolve();
        },
        async didResolveOperation({ document, operation }) {
          // No operation resolved (an unknown operationName): Apollo answers the error; there is nothing to admit.
          if (!operation || expandedFieldCount(document, operation) <= EXPENSIVE_FIELDS) return;
          release = await slots.acquire();
        },
        willSendResponse() {
          release?.();
          return Promise.resolve();
        },
      });
    },
  };
}
