import { Logger } from 'pino';
import { VendorCallEvent } from '../http/vendor-http';
import { withoutRedaction } from '../logger';

/** The `audit` field of every audit line: what log queries filter on. */
export const VENDOR_WRITE_AUDIT = 'vendor_write';

/**
 * The audit trail of vendor writes: one structured log line per vendor call that may change something there (every
 * call but a GET and the POSTs that only read, `VendorRequest.onlyReads`), whatever its outcome, with the request id,
 * caller, operation, idempotency key hash, vendor, route template, the vendor's ids (from the path and the answer),
 * outcome, status, attempts and duration. It holds no card number, token, secret, request body or query string: only
 * ids and the route template, so its lines skip the redaction pass (`withoutRedaction`).
 */
export function createAuditTrail(logger: Logger): (event: VendorCallEvent) => void {
  const plain = withoutRedaction(logger);
  return (event) => {
    if (!event.write) return;
    const scope = event.scope;
    plain.info(
      {
        audit: VENDOR_WRITE_AUDIT,
        requestId: scope?.requestId ?? null,
        caller: scope?.caller ?? null,
        operation: scope?.operation ?? null,
        operationName: scope?.operationName ?? null,
        keyHash: scope?.keyHash ?? null,
        vendor: event.vendor,
        route: event.route,
        vendorIds: event.vendorIds ?? {},
        outcome: event.outcome,
        status: event.status ?? null,
        attempts: event.attempts,
        durationMs: Math.round(event.ms),
      },
      'vendor write',
    );
  };
}
