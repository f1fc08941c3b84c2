/** Jest runs every tier (unit, integration, federation) through ts-jest, which keeps decorator metadata. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/offline-env.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
  // Each test file loads the server, Apollo's and Hive's gateways and the OpenTelemetry SDK into a fresh module
  // registry, so a worker's heap grows to over 1 GB (most of it garbage V8 has not needed to collect) by the end of
  // the run. With nothing left open, such a worker still needs longer than Jest's half-second exit grace for the
  // system to release that memory, and Jest reports it as "failed to exit gracefully". A worker above this is
  // replaced between test files instead.
  workerIdleMemoryLimit: '700MB',
};
