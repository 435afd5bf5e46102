/** Unit tests need nothing; the others use the real servers that scripts/with-services.ts starts (npm test). */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
module.exports = {
  testTimeout: 60_000,
  // The SDK's native runtime can hold the event loop after every worker and connection is closed
  // (sdk-typescript#928): without this a finished run could hang CI.
  forceExit: true,
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      displayName: 'workflows',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/workflows/**/*.test.ts'],
      // The workflows bundled once for every file (tests/support/workflow-bundle.setup.ts says why).
      globalSetup: '<rootDir>/tests/support/workflow-bundle.setup.ts',
      globalTeardown: '<rootDir>/tests/support/workflow-bundle.teardown.ts',
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
  ],
};
