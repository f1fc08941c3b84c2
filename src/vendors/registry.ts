import { Vendor } from '../common/vendor';
import { VendorAdapter } from './vendor-adapter';

/** The adapters this process runs, by vendor. Adding a vendor is one adapter folder and one `register` call. */
export class VendorRegistry {
  private readonly adapters = new Map<Vendor, VendorAdapter>();

  register(adapter: VendorAdapter): this {
    this.adapters.set(adapter.vendor, adapter);
    return this;
  }

  /** The adapter for a vendor, or undefined when this process does not run one. */
  get(vendor: Vendor): VendorAdapter | undefined {
    return this.adapters.get(vendor);
  }

  all(): VendorAdapter[] {
    return [...this.adapters.values()];
  }

  /** Aborts every adapter's in-flight vendor calls. */
  async abort(): Promise<void> {
    await Promise.all(this.all().map((a) => a.abort?.()));
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((a) => a.close()));
  }
}
