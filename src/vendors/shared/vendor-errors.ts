import { UserError, UserErrorCode } from '../../common/user-error.type';
import { VendorCallError } from '../../http/vendor-call-error';
import { VendorResponse } from '../../http/vendor-http';
import { VendorRefusal } from '../vendor-adapter';

/** What one vendor error code means here: a refusal shown to the client, or a fault of this subgraph. */
export type VendorErrorMeaning =
  | { code: UserErrorCode; message: string; field?: string[] | null }
  /** The vendor refused something the client cannot fix (credentials, a header this subgraph sets): a fault. */
  | { fault: string };

/** One vendor's error vocabulary. */
export interface VendorErrorTable {
  vendor: string;
  /** The vendor's error codes in an error body (one or several); empty when the body names none. */
  codesOf(response: VendorResponse): string[];
  /** The meaning of one code, or undefined for a code this table does not know. */
  meaning(vendorCode: string, status: number): VendorErrorMeaning | undefined;
  /** What an unknown code (or a body with none) means at a given status. */
  fallback(status: number): { code: UserErrorCode; message: string; field?: string[] | null };
}

/**
 * Turns a vendor's 4xx answer into what the service expects: a VendorRefusal carrying one userError per vendor code
 * (duplicates folded, the vendor's code in `vendorCode`, never its free text, which may hold internals), or a
 * VendorCallError when any code says the fault is this subgraph's. Anything but a 4xx is a fault too: a 5xx left
 * after the HTTP client's retries, or a status that no error table should see.
 */
export function refusalOrFault(response: VendorResponse, route: string, table: VendorErrorTable): VendorRefusal | VendorCallError {
  const { status } = response;
  const codes = table.codesOf(response);
  if (status < 400 || status >= 500) {
    return new VendorCallError('bad_response', table.vendor, route, false, `HTTP ${status} codes ${codes.join(',') || '-'}`, status);
  }
  const userErrors: UserError[] = [];
  const seen = new Set<string>();
  for (const vendorCode of codes.length > 0 ? codes : [null]) {
    const meaning = (vendorCode !== null && table.meaning(vendorCode, status)) || table.fallback(status);
    if ('fault' in meaning) return new VendorCallError('unavailable', table.vendor, route, false, `${meaning.fault} (code ${vendorCode ?? '-'})`, status);
    const key = `${meaning.code}|${vendorCode ?? ''}|${(meaning.field ?? []).join('.')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    userErrors.push({ code: meaning.code, message: meaning.message, field: meaning.field ?? null, vendorCode });
  }
  return new VendorRefusal(userErrors);
}
