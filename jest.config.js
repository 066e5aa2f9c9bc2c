// One jest run, four projects. `npm test` runs them all; `npm run test:<project>` runs one.
// ESM-only dependencies (jose 6, uuid, strip-bom, cookie 2 under fastify's inject, d3 under @fluentui/react-charts…)
// are transformed to CommonJS by swc like our own code.
const esmOnly = ['jose', 'uuid', 'strip-bom', 'cookie', 'd3-[a-z-]+', 'internmap'];
const transform = { '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' }, module: { type: 'commonjs' } }] };
// Judged on the innermost node_modules folder, so nested copies (@microsoft/app-manifest/node_modules/strip-bom) count.
const transformIgnorePatterns = [`/node_modules/(?!.*/node_modules/)(?!(${esmOnly.join('|')})/)`];
const common = { transform, transformIgnorePatterns, moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'] };

/** @type {import('jest').Config} */
// Two workers even on a two-core machine: most suites wait on PostgreSQL, Chromium, sockets or child processes rather
// than compute (2026-11-29: 352 s with two workers against 516 s with jest's default of one, cores − 1). Each
// PostgreSQL suite has its own schema; src/store/run-migrations.ts retries the one race that crosses schemas.
const maxWorkers = Math.max(2, require('node:os').availableParallelism() - 1);

module.exports = {
  testTimeout: 60_000,
  maxWorkers,
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/tests/unit/**/*.test.ts?(x)'] },
    { ...common, displayName: 'integration', testEnvironment: 'node', testMatch: ['<rootDir>/tests/integration/**/*.test.ts?(x)'] },
    { ...common, displayName: 'ui', testEnvironment: 'jsdom', testMatch: ['<rootDir>/tests/ui/**/*.test.ts?(x)'], setupFiles: ['<rootDir>/tests/ui/setup.ts'] },
    { ...common, displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts?(x)'] },
  ],
};
