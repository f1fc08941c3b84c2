/** Jest runs every tier (unit, integration, federation) through ts-jest, which keeps decorator metadata. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }] },
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/offline-env.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
};
