// One jest run for the whole monorepo: TypeScript tests are transformed by swc into ESM
// (run with --experimental-vm-modules), and the `.js` suffixes NodeNext imports need are mapped back to sources.

// The AWS SDK's notice that its 2027 releases will need Node 22 (once per test file otherwise); the CLI sets the same.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  moduleNameMapper: {
    '^@tspacker/(hcl|sdk|core|plugin-builtin|plugin-ssh|plugin-amazon|ec2-local)$': '<rootDir>/packages/$1/src/index.ts',
    '^@tspacker/(hcl|sdk|core|plugin-builtin|plugin-ssh|plugin-amazon|ec2-local)/(.*)\\.js$': '<rootDir>/packages/$1/src/$2',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 60000,
};
