// Three projects: `unit` is pure (no server, seconds); `workflows` shares ONE Temporal dev server
// started in globalSetup (test/setup/globalSetup.ts) and stopped in globalTeardown; `timeskip`
// starts a time-skipping test server per file (test/timeskip/env.ts), because skipped time is
// global to a server and must not be shared between files.
/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
module.exports = {
  // Workflow tests drive real servers; pure unit tests finish far below this anyway.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'workflows',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: [
        '<rootDir>/test/workflows/**/*.test.ts',
        '<rootDir>/test/activities/**/*.test.ts',
        '<rootDir>/test/replay/**/*.test.ts',
        '<rootDir>/test/providers/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/test/setup/globalSetup.ts',
      globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
    },
    {
      displayName: 'timeskip',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/test/timeskip/**/*.test.ts'],
    },
  ],
};
