/**
 * Starts every vendor simulator and says how to point the subgraph at them: the environment variables a real
 * deployment would set for real vendors (base URLs and credentials). Used by the development entry (`npm start`),
 * `npm run simulators`, the tests and the bench. Imports nothing from `src/`.
 */
import { startAttSimulator } from './att/att.simulator';
import { startOracleSimulator } from './oracle/oracle.simulator';
import { startAdobeSimulator } from './adobe/adobe.simulator';

/** One started simulator: its label for people, the URL its control surface (`/__sim/`) lives under, and the env. */
export interface StartedSimulator {
  /** The vendor as the subgraph's `Vendor` enum spells it. */
  vendor: string;
  label: string;
  port: number;
  baseUrl: string;
  /** The variables that point the subgraph at this simulator. */
  env: Record<string, string>;
  close(): Promise<void>;
}

interface SimulatorEntry {
  vendor: string;
  label: string;
  defaultPort: number;
  start(port: number, strict: boolean): Promise<StartedSimulator>;
}

/** Every simulator, on the fixed ports `npm run simulators` uses. A new simulator is one entry. */
export const SIMULATORS: SimulatorEntry[] = [
  {
    vendor: 'ATT',
    label: 'AT&T',
    defaultPort: 4101,
    async start(port, strict) {
      const sim = await startAttSimulator(port, { strict });
      return {
        vendor: 'ATT',
        label: 'AT&T',
        port: sim.port,
        baseUrl: sim.baseUrl,
        // The simulator takes no credential; production requires ATT_AUTH to be explicit, so it is said here too.
        env: { ATT_BASE_URL: sim.baseUrl, ATT_ORDERS_BASE_URL: sim.ordersBaseUrl, ATT_AUTH: 'none' },
        close: () => sim.close(),
      };
    },
  },
  {
    vendor: 'ORACLE',
    label: 'Oracle',
    defaultPort: 4102,
    async start(port, strict) {
      const sim = await startOracleSimulator(port, { strict });
      return {
        vendor: 'ORACLE',
        label: 'Oracle',
        port: sim.port,
        baseUrl: sim.baseUrl,
        env: { ORACLE_BASE_URL: sim.baseUrl, ORACLE_USERNAME: sim.credentials.username, ORACLE_PASSWORD: sim.credentials.password },
        close: () => sim.close(),
      };
    },
  },
  {
    vendor: 'ADOBE',
    label: 'Adobe',
    defaultPort: 4103,
    async start(port, strict) {
      const sim = await startAdobeSimulator(port, { strict });
      return {
        vendor: 'ADOBE',
        label: 'Adobe',
        port: sim.port,
        baseUrl: sim.baseUrl,
        env: {
          ADOBE_BASE_URL: sim.baseUrl,
          ADOBE_IMS_URL: sim.imsUrl,
          ADOBE_API_KEY: sim.credentials.apiKey,
          ADOBE_CLIENT_ID: sim.credentials.clientId,
          ADOBE_CLIENT_SECRET: sim.credentials.clientSecret,
        },
        close: () => sim.close(),
      };
    },
  },
];

/** Running simulators with the merged environment that points the subgraph at all of them. */
export interface StartedSimulators {
  byVendor: Record<string, StartedSimulator>;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the simulators of the given vendors (all by default). `fixedPorts` uses 4101-4103, otherwise free ports.
 * Vendors whose base URL variable is already in `skipWhenSet` are left out (a developer pointing at a real vendor).
 */
export async function startSimulators(
  options: { vendors?: string[]; fixedPorts?: boolean; strict?: boolean; skipWhenSet?: Record<string, string | undefined> } = {},
): Promise<StartedSimulators> {
  const running: StartedSimulator[] = [];
  try {
    for (const entry of SIMULATORS) {
      if (options.vendors && !options.vendors.includes(entry.vendor)) continue;
      if (options.skipWhenSet?.[`${entry.vendor}_BASE_URL`]) continue;
      running.push(await entry.start(options.fixedPorts ? entry.defaultPort : 0, options.strict ?? false));
    }
  } catch (error) {
    await Promise.allSettled(running.map((r) => r.close()));
    throw error;
  }
  return {
    byVendor: Object.fromEntries(running.map((r) => [r.vendor, r])),
    env: Object.assign({}, ...running.map((r) => r.env)) as Record<string, string>,
    close: async () => {
      await Promise.allSettled(running.map((r) => r.close()));
    },
  };
}
