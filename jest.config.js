// One jest run, four projects. `npm test` runs them all; `npm run test:<project>` runs one.
// ESM-only dependencies (jose 6, uuid, strip-bom, cookie 2 under fastify's inject, d3 under @fluentui/react-charts…)
// are transformed to CommonJS by swc like our own code.
const esmOnly = ['jose', 'uuid', 'strip-bom', 'cookie', 'd3-[a-z-]+', 'internmap'];
const transform = { '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' }, module: { type: 'commonjs' } }] };
// Judged on the innermost node_modules folder, so nested copies (@microsoft/app-manifest/node_modules/strip-bom) count.
const transformIgnorePatterns = [`/node_modules/(?!.*/node_modules/)(?!(${esmOnly.join('|')})/)`];
const common = { transform, transformIgnorePatterns, moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'] };

/** @type {import('jest').Config} */
// jest's default workers (cores − 1: one on this project's two-core machines). Two were faster (465 s on 2026-11-29,
// against 925 s for one on a busier machine), but PostgreSQL suites in parallel race across schemas: Kysely's migrator
// reads every schema's catalog while another suite drops its own. run-migrations.ts retries the forms of that race seen
// so far (a column, table or schema dropped meanwhile); CI met a new form on the third run, so parallel workers wait
// until the migrator reads only its own schema.
module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/tests/unit/**/*.test.ts?(x)'] },
    { ...common, displayName: 'integration', testEnvironment: 'node', testMatch: ['<rootDir>/tests/integration/**/*.test.ts?(x)'] },
    { ...common, displayName: 'ui', testEnvironment: 'jsdom', testMatch: ['<rootDir>/tests/ui/**/*.test.ts?(x)'], setupFiles: ['<rootDir>/tests/ui/setup.ts'] },
    { ...common, displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts?(x)'] },
  ],
};
