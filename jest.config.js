/** Tests run against real servers and a real database; see test/support/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/kernel', '<rootDir>/gateway', '<rootDir>/subgraphs', '<rootDir>/test'],
  testMatch: ['**/__tests__/**/*.test.ts', '**/test/**/*.test.ts'],
  transform: {
    // Transpile only: `npm test` type-checks the whole project with tsc before jest runs.
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  testTimeout: 60000,
  maxWorkers: 2,
};
