import { Config } from '../config';
import { Vendor } from '../common/vendor';
import { VendorHttpOptions } from '../http/vendor-http';
import { VendorAdapter } from './vendor-adapter';
import { Store } from '../store/store';

/** A simulator started in-process for a vendor with no configured base URL. */
export interface StartedSimulator {
  /** The vendor API base URL (what `<VENDOR>_BASE_URL` would hold). */
  baseUrl: string;
  /** Further URLs the adapter needs (AT&T's orders host, Adobe's IMS), by name. */
  urls: Record<string, string>;
  close(): Promise<void>;
}

/** What the app hands every adapter it creates. */
export interface VendorModuleDeps {
  /** Defaults for the vendor's HTTP client (deadlines from VENDOR_TIMEOUT_MS). */
  http: Omit<VendorHttpOptions, 'vendor' | 'baseUrl'>;
  /** The shared store (memory or Redis), for vendors whose state this subgraph keeps (Adobe draft carts). */
  store: Store;
}

/**
 * How the app wires one vendor: whether it is configured, its simulator, and its adapter. Adding a vendor is one
 * folder with one of these, listed in `vendors/modules.ts`.
 */
export interface VendorModule {
  vendor: Vendor;
  /** True when the configuration points at the real vendor (its base URL is set). */
  isConfigured(config: Config): boolean;
  startSimulator(): Promise<StartedSimulator>;
  /** The adapter, on the configured vendor or on the started simulator. */
  createAdapter(config: Config, simulator: StartedSimulator | undefined, deps: VendorModuleDeps): VendorAdapter;
}
