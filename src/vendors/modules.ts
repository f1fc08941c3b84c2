import { VendorModule } from './vendor-module';
import { attModule } from './att/att.module';

/** Every vendor this subgraph speaks. One line per vendor. */
export const VENDOR_MODULES: VendorModule[] = [attModule];
