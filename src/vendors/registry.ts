import { VendorNotEnabledError } from '../common/errors';
import { Vendor, vendorLabel } from '../common/vendor';
import { VendorAdapter } from './vendor-adapter';
import { VendorModule } from './vendor-module';

/** An enabled vendor: its adapter and its module's declarations. */
interface Entry {
  adapter: VendorAdapter;
  module: VendorModule;
}

/** The vendors this process serves (the enabled ones of the compiled-in list), by vendor. */
export class VendorRegistry {
  private readonly entries = new Map<Vendor, Entry>();

  register(module: VendorModule, adapter: VendorAdapter): this {
    this.entries.set(module.declaration.id, { adapter, module });
    return this;
  }

  /** The adapter for a vendor; VENDOR_NOT_ENABLED when the vendor is compiled in but left out of `VENDORS`. */
  adapter(vendor: Vendor, field?: readonly string[]): VendorAdapter {
    const entry = this.entries.get(vendor);
    if (!entry) throw new VendorNotEnabledError(vendorLabel(vendor), field);
    return entry.adapter;
  }

  /** The adapter for a vendor, or undefined when this process does not serve it. */
  get(vendor: Vendor): VendorAdapter | undefined {
    return this.entries.get(vendor)?.adapter;
  }

  /** How long idempotency records for this vendor's writes are kept. */
  idempotencyTtlMs(vendor: Vendor): number {
    return this.entries.get(vendor)?.module.idempotencyTtlMs ?? 24 * 3600 * 1000;
  }

  /** Request headers some enabled vendor forwards. */
  requestHeaders(): string[] {
    return [...new Set([...this.entries.values()].flatMap((e) => e.module.requestHeaders ?? []))];
  }

  all(): VendorAdapter[] {
    return [...this.entries.values()].map((e) => e.adapter);
  }

  /** Aborts every adapter's in-flight vendor calls. */
  async abort(): Promise<void> {
    await Promise.all(this.all().map((a) => a.abort?.() ?? Promise.resolve()));
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((a) => a.close()));
  }
}
