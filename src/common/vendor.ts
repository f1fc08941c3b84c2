import { registerEnumType } from 'type-graphql';

/**
 * A vendor's id as the graph's `Vendor` enum spells it (`ATT`, `ORACLE`, `ADOBE`). The values are not written here:
 * they come from the vendor folders of the compiled-in registry (`src/vendors/modules.ts`), each of which declares
 * itself with `declareVendor`, so every replica serves the same enum whatever its configuration.
 */
export type Vendor = string;

/** What the graph says about one vendor: its enum value, how people write its name, and its description. */
export interface VendorDeclaration {
  readonly id: Vendor;
  readonly label: string;
  readonly description: string;
}

/** The `Vendor` enum object that type-graphql reads when a schema is built (value = key). */
export const Vendor: Record<string, Vendor> = {};
const descriptions: Record<string, { description: string }> = {};
const labels = new Map<Vendor, string>();

registerEnumType(Vendor, {
  name: 'Vendor',
  description: 'The vendor that holds a cart or an order and carries out its mutations.',
  valuesConfig: descriptions,
});

/**
 * Declares a vendor: adds it to the enum (idempotent) and returns the declaration. Each vendor folder declares itself
 * in its `<vendor>.vendor.ts`, which the registry loads; a test fixture vendor declares itself the same way.
 */
export function declareVendor(declaration: VendorDeclaration): VendorDeclaration {
  const { id, label, description } = declaration;
  if (!/^[A-Z][A-Z0-9_]{1,19}$/.test(id)) throw new Error(`vendor id ${id} must be an upper-case GraphQL enum name`);
  Vendor[id] = id;
  descriptions[id] = { description };
  labels.set(id, label);
  return declaration;
}

/** True when `value` is a vendor of the enum. */
export function isVendor(value: string): value is Vendor {
  return Object.prototype.hasOwnProperty.call(Vendor, value);
}

/** The vendor's name as people write it (AT&T, not ATT), for messages and logs. */
export function vendorLabel(vendor: Vendor): string {
  return labels.get(vendor) ?? vendor;
}
