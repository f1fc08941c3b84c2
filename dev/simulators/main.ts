/**
 * Runs the vendor simulators standalone (`npm run simulators`) on fixed loopback ports and prints their base URLs
 * and the variables that point the subgraph at them.
 */
import { startSimulators } from './all';

async function main(): Promise<void> {
  const strict = process.env.SIMULATOR_STRICT === '1' || process.env.SIMULATOR_STRICT === 'true';
  let sims;
  try {
    sims = await startSimulators({ fixedPorts: true, strict });
  } catch (err) {
    process.stderr.write(`simulators failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  for (const sim of Object.values(sims.byVendor)) process.stdout.write(`${sim.label.padEnd(8)}${sim.baseUrl}\n`);
  process.stdout.write('\nPoint the subgraph at them with:\n');
  for (const [name, value] of Object.entries(sims.env)) process.stdout.write(`  ${name}=${value}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping simulators\n`);
    sims.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
