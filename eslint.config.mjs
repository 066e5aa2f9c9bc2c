// Lint is where the architecture is enforced (see README "Architecture"):
// - src/domain is pure: relative imports inside itself and a few pure libraries only; no I/O, no clock.
// - only src/graph imports the Microsoft Graph client;
// - only *-host.ts files import teams-js / msal-browser or touch the `Office` global;
// - src/ui never imports server-side code (app, graph, store, server, devtenant);
// - use cases (src/app) never import Fastify, Kysely or database drivers, nor src/contracts (the wire format re-exports
//   their views; src/domain imports only itself);
// - only src/server/config.ts reads process.env.
// - src/devtenant (the Microsoft 365 stand-in) imports nothing of the app.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const GRAPH_CLIENT = { name: '@microsoft/microsoft-graph-client', message: 'Only src/graph talks to Microsoft Graph.' };
const hostOnly = (name) => ({ name, message: 'Only *-host.ts files touch teams-js, msal-browser or Office.js; pass plain functions to components.' });
const HOST_LIBS = [hostOnly('@microsoft/teams-js'), hostOnly('@azure/msal-browser')];
const SERVER_SIDE = {
  regex: '(^|/)(app|graph|store|server|devtenant)(/|$)',
  message: 'UI code never imports server-side code; share types through src/contracts.',
};

/** The app's folders, which the Microsoft 365 stand-in (src/devtenant) never imports. */
const APP_FOLDERS = '(app|domain|contracts|graph|store|server|ui)';
const DEVTENANT_ALONE = 'src/devtenant stands in for Microsoft 365 and imports nothing of the app (demo seeding lives in src/server/demo).';

/** Pure libraries the domain may use (no I/O, no clock). */
const DOMAIN_ALLOWED = ['windows-iana'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bench/out/**', 'tests/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [GRAPH_CLIENT, ...HOST_LIBS] }],
      'no-restricted-globals': ['error', { name: 'Office', message: 'Only office-host.ts touches Office.js.' }],
    },
  },
  { files: ['**/*.cjs', '**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/server/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through loadConfig() in src/server/config.ts.' }],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: `^(?!\\./|${DOMAIN_ALLOWED.map((m) => m.replace(/[.]/g, '\\.')).join('|')}$)`,
          message: 'src/domain is pure: it imports only its own modules (./…) and pure libraries.',
        }],
      }],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in the domain: take `now` as a parameter.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No clock in the domain: take `now` as a parameter.' },
      ],
    },
  },
  {
    files: ['src/graph/**'],
    rules: { 'no-restricted-imports': ['error', { paths: HOST_LIBS }] },
  },
  {
    files: ['src/app/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [GRAPH_CLIENT, ...HOST_LIBS],
        patterns: [
          { group: ['fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3'], message: 'Use cases depend on ports, not on Fastify or the database.' },
          { regex: '(^|/)(server|store|graph|devtenant|ui)(/|$)', message: 'Use cases depend on ports (src/app/store-ports.ts, src/app/m365-ports.ts), not on adapters.' },
          { regex: '(^|/)contracts(/|$)', message: 'Inner code does not depend on the wire format: src/contracts re-exports the views defined in src/app/views and src/domain.' },
        ],
      }],
    },
  },
  {
    files: ['src/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { paths: [GRAPH_CLIENT, ...HOST_LIBS], patterns: [SERVER_SIDE] }] },
  },
  {
    files: ['src/ui/**/*-host.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [GRAPH_CLIENT], patterns: [SERVER_SIDE] }],
      'no-restricted-globals': 'off',
    },
  },
  {
    files: ['src/devtenant/**/*.ts', 'src/devtenant/**/*.tsx'],
    rules: { 'no-restricted-globals': 'off' },
  },
  // src/devtenant stands in for Microsoft 365: it knows nothing of the app (so its data is an independent ground truth,
  // and demo seeding, which uses the app's use cases, lives in src/server/demo). Two blocks, by depth: the pattern sees
  // only the specifier, and '../graph/…' from a subfolder is the simulator's own src/devtenant/graph.
  {
    files: ['src/devtenant/*.ts', 'src/devtenant/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [GRAPH_CLIENT, ...HOST_LIBS], patterns: [{ regex: `^\\.\\./${APP_FOLDERS}(/|$)`, message: DEVTENANT_ALONE }] }] },
  },
  {
    files: ['src/devtenant/*/**/*.ts', 'src/devtenant/*/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [GRAPH_CLIENT, ...HOST_LIBS], patterns: [{ regex: `^\\.\\./\\.\\./${APP_FOLDERS}(/|$)`, message: DEVTENANT_ALONE }] }] },
  },
  {
    // Fluent v9 copies FluentProvider's className onto every popup's mount node (a full-page layer when it carries a
    // height: issue 15, item 1). Layout goes on an element inside the provider.
    files: ['src/**/*.tsx'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "JSXOpeningElement[name.name='FluentProvider'] > JSXAttribute[name.name=/^(className|style)$/]",
        message: 'No className or style on FluentProvider: popups copy its className; put layout on an element inside it.',
      }],
    },
  },
);
