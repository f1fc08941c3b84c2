import DataLoader from 'dataloader';
import { Vendor, vendorLabel } from '../common/vendor';
import { VendorCallError } from '../http/vendor-call-error';
import { EntityRef } from '../common/ids';
import { Cart } from '../cart/cart.type';
import { ProductOrder } from '../order/product-order.type';
import { VendorRegistry } from '../vendors/registry';
import { VendorAdapter, VendorCallContext } from '../vendors/vendor-adapter';
import { toClientError, toFieldError } from './faults';

type Reader<T> = (adapter: VendorAdapter, ids: readonly string[]) => Promise<(T | null)[]>;

/**
 * The answer for one asked id, checked: a vendor answer about another cart or order than the one asked for is
 * VENDOR_BAD_RESPONSE for that id (and nothing is primed or changed with it), never another customer's entity.
 */
function answerFor<T extends { vendorId: string }>(vendor: Vendor, ref: EntityRef, found: T | null): T | null | Error {
  if (found === null || found.vendorId === ref.vendorId) return found;
  return toClientError(
    new VendorCallError('bad_response', vendorLabel(vendor), `read ${ref.kind}`, false, 'answer names another id than the one asked for'),
  ) as Error;
}

/** One vendor read of `refs` (all of `adapter`'s vendor): each asked id's checked answer, or the read's fault for all of them. */
async function readRefs<T extends { vendorId: string }>(adapter: VendorAdapter, read: Reader<T>, refs: readonly EntityRef[]): Promise<(T | null | Error)[]> {
  try {
    const found = await read(
      adapter,
      refs.map((ref) => ref.vendorId),
    );
    return refs.map((ref, j) => answerFor(adapter.vendor, ref, found[j] ?? null));
  } catch (error) {
    const clientError = toFieldError(error) as Error;
    return refs.map(() => clientError);
  }
}

/**
 * One DataLoader per entity kind per request. Keys are decoded refs, cached by opaque id; a batch is split by
 * vendor and then into chunks of the adapter's `maxBatchSize`, so N lookups of U unique ids cost at most
 * ⌈U / batch⌉ vendor reads per vendor. A vendor fault fails only the keys of that vendor.
 */
function vendorLoader<T extends { vendorId: string }>(registry: VendorRegistry, read: Reader<T>): DataLoader<EntityRef, T | null, string> {
  return new DataLoader<EntityRef, T | null, string>(
    async (refs) => {
      // One id (a `cart(id)` or `order(id)` query): what the general path below does for one key, without its grouping.
      if (refs.length === 1) {
        const adapter = registry.get(refs[0].vendor);
        return adapter ? readRefs(adapter, read, refs) : [null];
      }
      const results = new Array<T | null | Error>(refs.length).fill(null);
      const byVendor = new Map<Vendor, number[]>();
      refs.forEach((ref, i) => {
        const positions = byVendor.get(ref.vendor);
        if (positions) positions.push(i);
        else byVendor.set(ref.vendor, [i]);
      });
      await Promise.all(
        [...byVendor].map(async ([vendor, positions]) => {
          const adapter = registry.get(vendor);
          if (!adapter) return; // a vendor this process does not run holds nothing we can read: null
          const chunks: number[][] = [];
          for (let i = 0; i < positions.length; i += adapter.maxBatchSize) chunks.push(positions.slice(i, i + adapter.maxBatchSize));
          await Promise.all(
            chunks.map(async (chunk) => {
              const answers = await readRefs(
                adapter,
                read,
                chunk.map((p) => refs[p]),
              );
              chunk.forEach((p, j) => (results[p] = answers[j]));
            }),
          );
        }),
      );
      return results;
    },
    { cacheKeyFn: (ref) => `${ref.vendor}:${ref.vendorId}`, maxBatchSize: 500 },
  );
}

/** The per-request loaders. */
export interface Loaders {
  readonly carts: DataLoader<EntityRef, Cart | null, string>;
  readonly orders: DataLoader<EntityRef, ProductOrder | null, string>;
}

/**
 * The loaders of one request, each made on its first use: most requests read carts or orders, not both, and a
 * DataLoader with its cache and batch function is made per request.
 */
class RequestLoaders implements Loaders {
  private cartLoader?: DataLoader<EntityRef, Cart | null, string>;
  private orderLoader?: DataLoader<EntityRef, ProductOrder | null, string>;

  constructor(
    private readonly registry: VendorRegistry,
    private readonly ctx: VendorCallContext,
  ) {}

  get carts(): DataLoader<EntityRef, Cart | null, string> {
    return (this.cartLoader ??= vendorLoader<Cart>(this.registry, (adapter, ids) => adapter.getCarts(this.ctx, ids)));
  }

  get orders(): DataLoader<EntityRef, ProductOrder | null, string> {
    return (this.orderLoader ??= vendorLoader<ProductOrder>(this.registry, (adapter, ids) => adapter.getOrders(this.ctx, ids)));
  }
}

/** Creates the loaders for one request. */
export function createLoaders(registry: VendorRegistry, ctx: VendorCallContext): Loaders {
  return new RequestLoaders(registry, ctx);
}
