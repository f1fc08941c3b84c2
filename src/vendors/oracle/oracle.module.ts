import { Vendor } from '../../common/vendor';
import { ORACLE_AGENT, startOracleSimulator } from '../../simulators/oracle/oracle.simulator';
import { VendorModule } from '../vendor-module';
import { OracleAdapter } from './oracle.adapter';

/**
 * Oracle: `ORACLE_BASE_URL` with `ORACLE_USERNAME` / `ORACLE_PASSWORD` (the agent user), or the in-process simulator
 * with its seeded agent unless those two are set.
 */
export const oracleModule: VendorModule = {
  vendor: Vendor.ORACLE,
  isConfigured: (config) => config.oracle.baseUrl !== undefined,
  async startSimulator() {
    const sim = await startOracleSimulator(0);
    return { baseUrl: sim.baseUrl, urls: {}, close: sim.close };
  },
  createAdapter(config, simulator, { http }) {
    const onSimulator = config.oracle.baseUrl === undefined;
    const baseUrl = config.oracle.baseUrl ?? simulator!.baseUrl;
    const username = config.oracle.username || (onSimulator ? ORACLE_AGENT.username : '');
    const password = config.oracle.password || (onSimulator ? ORACLE_AGENT.password : '');
    return new OracleAdapter({ baseUrl, credentials: { username, password }, http });
  },
};
