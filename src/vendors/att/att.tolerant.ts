import { Logger } from 'pino';
import { createLogger } from '../../logger';
import { VendorCallError } from '../../http/vendor-call-error';

let logger: Logger | undefined;
let dropped = 0;

/** Parts of AT&T answers dropped by tolerant reading since start (for tests and diagnostics). */
export function attDroppedParts(): number {
  return dropped;
}

/**
 * Reads one optional part of a vendor answer: a malformed part is dropped (null) with a warning, never failing the
 * whole answer. Only identity fields are read without this, so only they can make an answer VENDOR_BAD_RESPONSE.
 */
export function tolerant<T>(path: string, read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof VendorCallError) || error.kind !== 'bad_response') throw error;
    dropped += 1;
    logger ??= createLogger(process.env.LOG_LEVEL ?? 'info');
    logger.warn({ vendor: 'AT&T', part: path, detail: error.detail }, 'vendor answer part dropped: unexpected shape');
    return null;
  }
}

/** A list of optional parts, each read tolerantly: malformed entries are dropped, the rest kept. */
export function tolerantList<T>(items: unknown[], path: string, read: (raw: unknown, at: string) => T): T[] {
  return items.flatMap((raw, i) => {
    const value = tolerant(`${path}[${i}]`, () => read(raw, `${path}[${i}]`));
    return value === null ? [] : [value];
  });
}
