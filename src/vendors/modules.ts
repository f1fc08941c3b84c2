import { VendorModule } from './vendor-module';
import { attModule } from './att/att.module';
import { oracleModule } from './oracle/oracle.module';
import { adobeModule } from './adobe/adobe.module';

/** Every vendor this subgraph speaks, compiled in. One line per vendor; the graph's `Vendor` enum comes from it. */
export const VENDOR_MODULES: readonly VendorModule[] = [attModule, oracleModule, adobeModule];
