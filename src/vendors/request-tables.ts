import { RequestTable } from './request-table';
import { ATT_REQUESTS } from './att/att.requests';
import { ORACLE_REQUESTS } from './oracle/oracle.requests';
import { ADOBE_REQUESTS } from './adobe/adobe.requests';

/** Each vendor's request table by the file name of its docs page (`docs/vendors/<name>.md`). */
export const REQUEST_TABLES: Record<string, RequestTable> = { att: ATT_REQUESTS, oracle: ORACLE_REQUESTS, adobe: ADOBE_REQUESTS };
