/**
 * Runs the vendor simulators standalone (`npm run simulators`) on fixed loopback ports and prints their base URLs.
 * A new simulator is one entry in SIMULATORS.
 */
import { startAttSimulator } from './att/att.simulator';
import { startOracleSimulator } from './oracle/oracle.simulator';
import { startAdobeSimulator } from './adobe/adobe.simulator';

interface RunningSimulator {
  baseUrl: string;
  close(): Promise<void>;
}

interface SimulatorEntry {
  label: string;
  port: number;
  start(port: number): Promise<RunningSimulator>;
}

const SIMULATORS: SimulatorEntry[] = [
  { label: 'AT&T', port: 4101, start: startAttSimulator },
  { label: 'Oracle', port: 4102, start: startOracleSimulator },
  { label: 'Adobe', port: 4103, start: startAdobeSimulator },
];

async function main(): Promise<void> {
  const running: RunningSimulator[] = [];
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping simulators\n`);
    Promise.allSettled(running.map((r) => r.close())).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  try {
    for (const entry of SIMULATORS) {
      const sim = await entry.start(entry.port);
      running.push(sim);
      process.stdout.write(`${entry.label.padEnd(8)}${sim.baseUrl}\n`);
    }
  } catch (err) {
    process.stderr.write(`simulators failed to start: ${(err as Error).message}\n`);
    await Promise.allSettled(running.map((r) => r.close()));
    process.exit(1);
  }
}

void main();
