import { Logger } from 'pino';
import { createLogger } from '../../logger';
import { VendorCallError } from '../../http/vendor-call-error';
import { ShapeChecker } from '../shape';

let logger: Logger | undefined;

/**
 * The `part` label of a dropped part: its path with list positions folded (`checkout.appointmentDates[]`), so that
 * the label set stays bounded however long a vendor's lists are.
 */
export function partLabel(path: string): string {
  return path.replace(/\[\d+\]/g, '[]').slice(0, 120);
}

/**
 * Reports one part of a vendor answer that was dropped or kept raw instead of read: a warning in the log and one
 * count on `orders_vendor_answer_parts_dropped_total` of the app whose operation is running (the checker's request
 * scope). `detail` says what was expected; it never holds the vendor's value.
 */
export function reportDroppedPart(check: ShapeChecker, path: string, detail: string): void {
  const vendor = check.vendor;
  const scope = check.scope;
  if (scope?.onAnswerPartDropped) {
    scope.onAnswerPartDropped(vendor, path, partLabel(path), detail, scope.requestId);
    return;
  }
  // Outside an operation (a background sweep) there is no app to count it: the log line alone says it.
  logger ??= createLogger(process.env.LOG_LEVEL ?? 'info');
  logger.warn({ vendor, part: path, detail }, DROPPED_PART_MESSAGE);
}

/** The log message of a dropped part. */
export const DROPPED_PART_MESSAGE = 'vendor answer part dropped or kept raw: unexpected shape or value';

/**
 * Reads one optional part of a vendor answer: a malformed part is dropped (null), reported, and never fails the
 * whole answer. Only identity fields are read without this, so only they can make an answer VENDOR_BAD_RESPONSE.
 */
export function tolerant<T>(check: ShapeChecker, path: string, read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof VendorCallError) || error.kind !== 'bad_response') throw error;
    reportDroppedPart(check, path, error.detail);
    return null;
  }
}

/** A list of optional parts, each read tolerantly: malformed entries are dropped, the rest kept. */
export function tolerantList<T>(check: ShapeChecker, items: unknown[], path: string, read: (raw: unknown, at: string) => T): T[] {
  return items.flatMap((raw, i) => {
    const value = tolerant(check, `${path}[${i}]`, () => read(raw, `${path}[${i}]`));
    return value === null ? [] : [value];
  });
}
