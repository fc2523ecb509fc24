// Three suites: unit (pure, no servers), integration (one service against the real stack), e2e (tests/, whole procedures).
// Select with `jest --selectProjects unit|integration|e2e`.
const preset = require('./jest.preset');
module.exports = {
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,infra}/**/*.spec.ts'],
      testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '\\.int\\.spec\\.ts$'],
    },
    { ...preset, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'] },
    { ...preset, displayName: 'e2e', testMatch: ['<rootDir>/tests/**/*.e2e.spec.ts'] },
  ],
};
