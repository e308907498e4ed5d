// Pure-logic unit tests only (no database): `npx jest -c jest.unit.config.js`.
import base from './jest.config.js';

export default {
  ...base,
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
