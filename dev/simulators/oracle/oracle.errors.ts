import type { SimResponse } from '../kit';

/**
 * Error codes the Oracle simulator answers with. `22000`, `20031`, `100094` and `100096` are codes Oracle documents
 * (for an unknown profile, an unknown product, and an inactive or missing organization); the others are invented in
 * the same numeric style [I]. Codes are strings, as in Oracle's bodies. The table with statuses is at the top of
 * oracle.simulator.ts.
 */
export const OracleErrorCode = {
  REQUEST_INVALID: '28000',
  OP_INVALID: '28001',
  PROFILE_NOT_FOUND: '22000',
  ORDER_NOT_FOUND: '28003',
  ORDER_NOT_EDITABLE: '28004',
  ITEMS_REQUIRED: '28005',
  PRODUCT_NOT_FOUND: '20031',
  SKU_INVALID: '28011',
  QUANTITY_INVALID: '28012',
  CHILD_ITEM_INVALID: '28013',
  SHOPPER_INPUT_INVALID: '28014',
  COMMERCE_ITEM_NOT_FOUND: '28015',
  TOO_MANY_ITEMS: '28016',
  COUPON_NOT_FOUND: '28020',
  COUPON_EXPIRED: '28021',
  SHIPPING_METHOD_INVALID: '28030',
  ADDRESS_INVALID: '28031',
  SHIPPING_ADDRESS_REQUIRED: '28032',
  PAYMENT_INVALID: '28040',
  CARD_NUMBER_NOT_ACCEPTED: '28041',
  PAYMENT_AMOUNT_MISMATCH: '28042',
  PAYMENT_REQUIRED: '28043',
  PAYMENT_DECLINED: '28044',
  ORDER_NOT_PRICED: '28050',
  DYNAMIC_PROPERTY_INVALID: '28060',
  LIST_QUERY_INVALID: '28070',
  SITE_NOT_FOUND: '60001',
  ORGANIZATION_INACTIVE: '100094',
  ORGANIZATION_NOT_FOUND: '100096',
  LOGIN_FAILED: '83001',
  LOGIN_REQUEST_INVALID: '83002',
  TOKEN_MISSING: '83003',
  TOKEN_INVALID: '83004',
  TOKEN_EXPIRED: '83005',
  RESOURCE_NOT_FOUND: '10404',
  METHOD_NOT_ALLOWED: '10405',
  PAYLOAD_TOO_LARGE: '10413',
  RATE_LIMITED: '10429',
  INTERNAL: '10500',
  UPSTREAM: '10503',
} as const;

export type OracleErrorCodeValue = (typeof OracleErrorCode)[keyof typeof OracleErrorCode];

/** One error as Oracle lists it; `o:errorPath` names the request field at fault (from Oracle's full error model). */
export interface OracleErrorEntry {
  message: string;
  status: string;
  errorCode: string;
  'o:errorPath'?: string;
}

/** Oracle's single-error body `{message, status, errorCode}` or multi-error body `{message, status, errors[]}`. */
export interface OracleErrorBody {
  message: string;
  status: string;
  errorCode?: string;
  'o:errorPath'?: string;
  errors?: OracleErrorEntry[];
}

/** One refusal raised anywhere in the simulator. */
export class OracleError extends Error {
  override readonly name = 'OracleError';

  constructor(
    readonly status: number,
    readonly errorCode: OracleErrorCodeValue,
    message: string,
    readonly errorPath?: string,
  ) {
    super(message);
  }

  toEntry(): OracleErrorEntry {
    const entry: OracleErrorEntry = { message: this.message, status: String(this.status), errorCode: this.errorCode };
    if (this.errorPath) entry['o:errorPath'] = this.errorPath;
    return entry;
  }

  toResponse(): SimResponse {
    return { status: this.status, body: this.toEntry() };
  }
}

/** Several validation refusals answered at once in the multi-error format. */
export class OracleErrorList extends Error {
  override readonly name = 'OracleErrorList';

  constructor(readonly errors: OracleError[]) {
    super('Validation failed');
  }

  toResponse(): SimResponse {
    if (this.errors.length === 1) return this.errors[0].toResponse();
    const status = this.errors[0].status;
    const body: OracleErrorBody = {
      message: 'The request could not be processed: see errors',
      status: String(status),
      errors: this.errors.map((e) => e.toEntry()),
    };
    return { status, body };
  }
}

/** Collects validation refusals so that one answer lists every bad field, as Oracle's multi-error format allows. */
export class ErrorCollector {
  private readonly found: OracleError[] = [];

  add(status: number, errorCode: OracleErrorCodeValue, message: string, errorPath?: string): void {
    this.found.push(new OracleError(status, errorCode, message, errorPath));
  }

  get count(): number {
    return this.found.length;
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new OracleErrorList([...this.found]);
  }
}

/** A 400 for a request body that breaks the contract, naming the field at fault. */
export function invalidRequest(path: string, message: string): OracleError {
  return new OracleError(400, OracleErrorCode.REQUEST_INVALID, message, path);
}

/** Error bodies for statuses the kit answers itself (unknown route, faults, crashes). */
export function oracleErrorBodyFor(status: number, message: string): OracleErrorBody {
  const errorCode =
    status === 404
      ? OracleErrorCode.RESOURCE_NOT_FOUND
      : status === 405
        ? OracleErrorCode.METHOD_NOT_ALLOWED
        : status === 413
          ? OracleErrorCode.PAYLOAD_TOO_LARGE
          : status === 429
            ? OracleErrorCode.RATE_LIMITED
            : status === 500
              ? OracleErrorCode.INTERNAL
              : status > 500
                ? OracleErrorCode.UPSTREAM
                : OracleErrorCode.REQUEST_INVALID;
  return { message, status: String(status), errorCode };
}
