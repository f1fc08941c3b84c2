import { RequestTable } from './request-table';
import { VENDOR_MODULES } from './modules';

/** Each compiled-in vendor's request table by the file name of its docs page (`docs/vendors/<name>.md`). */
export const REQUEST_TABLES: Record<string, RequestTable> = Object.fromEntries(
  VENDOR_MODULES.flatMap((m) => (m.requestTable && m.docsName ? [[m.docsName, m.requestTable] as const] : [])),
);
