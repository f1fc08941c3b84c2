import { VendorModule } from './vendor-module';
import { attModule } from './att/att.module';
import { oracleModule } from './oracle/oracle.module';
import { adobeModule } from './adobe/adobe.module';

/** Every vendor this subgraph speaks. One line per vendor. */
export const VENDOR_MODULES: VendorModule[] = [attModule, oracleModule, adobeModule];
