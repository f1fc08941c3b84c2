import type { z } from 'zod';
import { VendorDeclaration } from '../common/vendor';
import { VendorHttpOptions } from '../http/vendor-http';
import { Store } from '../store/store';
import { VendorAdapter } from './vendor-adapter';

/** What the app hands every adapter it creates. */
export interface VendorModuleDeps {
  /** Defaults for the vendor's HTTP client (deadlines from VENDOR_TIMEOUT_MS, pool sizes). */
  http: Omit<VendorHttpOptions, 'vendor' | 'baseUrl'>;
  /** The shared store (memory or Redis), for what this subgraph keeps for a vendor (Adobe draft carts). */
  store: Store;
}

/**
 * An example operation that works against the vendor's simulator as seeded, shown in the GraphQL IDE of `npm start`.
 * Variables may hold the IDE's placeholders: `"<new per run>"` (a fresh idempotency key each time it runs),
 * `"<last cart id>"`, `"<last order id>"` and `"<last slot id>"` (from the latest answer that held one).
 */
export interface VendorExample {
  /** The IDE tab's title, e.g. "AT&T: cart to order". */
  readonly title: string;
  /** One or more named operations, with comments that say in which order to run them. */
  readonly document: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

/**
 * One vendor, as its folder declares it: how the graph names it, the environment variables it reads (a zod schema
 * over the whole environment that yields the vendor's settings and refuses a missing base URL), how long its
 * idempotency records live, and how its adapter is made. The server, service and configuration layers know vendors
 * only through this object; adding a vendor is one folder exporting one of these and one line in `modules.ts`.
 */
export interface VendorModule<Settings = unknown> {
  readonly declaration: VendorDeclaration;
  /** Parses the environment into this vendor's settings; runs only when the vendor is enabled in `VENDORS`. */
  readonly settings: z.ZodType<Settings, z.ZodTypeDef, unknown>;
  /** Idempotency records outlive the vendor's own replay window (Adobe: 10 days). */
  readonly idempotencyTtlMs: number;
  /**
   * Request headers this vendor takes from the GraphQL request and forwards (Oracle's site and organization),
   * lower-case. Each value must be 1-64 letters, digits, `_` or `-`.
   */
  readonly requestHeaders?: readonly string[];
  /** Example operations for the GraphQL IDE, written against the vendor's simulator (seeded customers, offerings). */
  readonly examples?: readonly VendorExample[];
  createAdapter(settings: Settings, deps: VendorModuleDeps): VendorAdapter;
}

/** Declares a vendor module with its settings type inferred from the schema. */
export function defineVendorModule<Settings>(module: VendorModule<Settings>): VendorModule<Settings> {
  return module;
}
