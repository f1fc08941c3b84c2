import { Vendor } from '../../common/vendor';
import { startAttSimulator } from '../../simulators/att/att.simulator';
import { VendorModule } from '../vendor-module';
import { AttAdapter } from './att.adapter';

/** AT&T: `ATT_BASE_URL` / `ATT_ORDERS_BASE_URL`, or the in-process simulator. */
export const attModule: VendorModule = {
  vendor: Vendor.ATT,
  isConfigured: (config) => config.att.baseUrl !== undefined,
  async startSimulator() {
    const sim = await startAttSimulator(0);
    return { baseUrl: sim.baseUrl, urls: { orders: sim.ordersBaseUrl }, close: sim.close };
  },
  createAdapter(config, simulator, { http }) {
    const baseUrl = config.att.baseUrl ?? simulator!.baseUrl;
    const ordersBaseUrl = config.att.ordersBaseUrl ?? simulator?.urls.orders ?? baseUrl;
    return new AttAdapter({ baseUrl, ordersBaseUrl, appName: config.att.appName, http });
  },
};
