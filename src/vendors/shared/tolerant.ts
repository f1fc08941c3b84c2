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
 * What tolerant reading does with an error met while reading an optional part at `path`: a shape fault is reported
 * and the part dropped (null); anything else is thrown on. For readers that catch themselves instead of passing a
 * closure to `tolerant`.
 */
export function dropPart(check: ShapeChecker, path: string, error: unknown): null {
  if (!(error instanceof VendorCallError) || error.kind !== 'bad_response') throw error;
  reportDroppedPart(check, path, error.detail);
  return null;
}

/**
 * Reads one optional part of a vendor answer: a malformed part is dropped (null), reported, and never fails the
 * whole answer. Only identity fields are read without this, so only they can make an answer VENDOR_BAD_RESPONSE.
 */
export function tolerant<T>(check: ShapeChecker, path: string, read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    return dropPart(check, path, error);
  }
}

/** A list of optional parts, each read tolerantly: malformed entries are dropped, the rest kept. */
export function tolerantList<T>(check: ShapeChecker, items: unknown[], path: string, read: (raw: unknown, at: string) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const at = `${path}[${i}]`;
    let value: T | null;
    try {
      value = read(items[i], at);
    } catch (error) {
      value = dropPart(check, at, error);
    }
    if (value !== null) out.push(value);
  }
  return out;
}
