import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json';
import { ReturnLineInput } from '../../order/return-line.input';
import { AdobeOrderRequest } from './adobe.wire';

/** What an `X-Correlation-Id` is derived for. */
export type AdobeIntentOperation = 'NEW' | 'RETURN' | 'RENEWAL';

/**
 * The `X-Correlation-Id` of one placing intent: a UUID-shaped SHA-256 of (operation, subject, intent key). Adobe
 * answers a repeated correlation id within 10 days with the stored original response, so a retried submit, return
 * or renewal, on any replica, replays instead of ordering twice. `subject` names what is acted on; `intentKey` is
 * the service's `<caller>:<idempotencyKey>`. The same inputs always give the same id; any different input another.
 */
export function adobeCorrelationId(intentKey: string, operation: AdobeIntentOperation, subject: string): string {
  // Lengths first, so that no text moved from one part to another can give the same hash input.
  const input = [operation, subject, intentKey].map((part) => `${part.length}:${part}`).join('\n');
  const hex = createHash('sha256').update(`adobe-correlation/v1\n${input}`).digest('hex');
  // Version 5 and RFC 4122 variant bits, so that the value reads as an ordinary name-based UUID.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

/**
 * A NEW order of a draft: the draft and a digest of the body, so that a cart fixed after a refusal (same
 * idempotency key, other lines) can never be answered with Adobe's replay of a different body.
 */
export function newOrderCorrelationId(intentKey: string, draftId: string, body: AdobeOrderRequest): string {
  return adobeCorrelationId(intentKey, 'NEW', `${draftId}:${digest(body)}`);
}

/** A RETURN: the returned order and the lines and quantities asked for. */
export function returnCorrelationId(intentKey: string, orderVendorId: string, lines: readonly ReturnLineInput[]): string {
  return adobeCorrelationId(intentKey, 'RETURN', `${orderVendorId}:${digest(lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })))}`);
}

/** A RENEWAL of a customer's subscriptions. */
export function renewalCorrelationId(intentKey: string, customerId: string): string {
  return adobeCorrelationId(intentKey, 'RENEWAL', customerId);
}

/** A fresh correlation id, for calls that are not a placing intent (previews and reads). */
export function freshCorrelationId(): string {
  return randomUUID();
}
