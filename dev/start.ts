/**
 * The development entry (`npm start`): starts a simulator for every vendor whose base URL is not set, then runs the
 * production entry (`dist/main.js`) with the simulators' URLs and credentials as configuration, exactly as a
 * deployment would point it at real vendors. The production entry itself never starts a simulator.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startSimulators } from './simulators/all';
import { NODE_FLAGS } from '../src/node-flags';

async function main(): Promise<void> {
  const strict = process.env.SIMULATOR_STRICT === '1' || process.env.SIMULATOR_STRICT === 'true';
  const sims = await startSimulators({ skipWhenSet: process.env, strict });
  for (const sim of Object.values(sims.byVendor)) process.stdout.write(`${sim.label} simulator on ${sim.baseUrl}\n`);
  const child = spawn(process.execPath, [...NODE_FLAGS, path.join(__dirname, '..', 'dist', 'main.js')], {
    stdio: 'inherit',
    // Explicit variables win: a developer may point one vendor at its real sandbox and keep the others simulated.
    env: { ...sims.env, ...process.env },
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    void sims.close().then(() => process.exit(code ?? (signal ? 1 : 0)));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
