import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The architecture rules live in eslint.config.mjs; these cases prove each one actually fails lint.
// ESLint loads its flat config with a dynamic import, which jest's VM cannot do, so the real ESLint runs in one
// child Node process on the same config `npm run lint` uses, linting every case below.
const root = join(__dirname, '..', '..', '..');
const LINT_SCRIPT = `
  import { ESLint } from 'eslint';
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const { filePath, code } of JSON.parse(process.argv[1])) {
    const [result] = await eslint.lintText(code, { filePath });
    out.push(result.messages.map((m) => m.ruleId ?? 'fatal: ' + m.message));
  }
  console.log(JSON.stringify(out));
`;

const rejected: [label: string, filePath: string, code: string, rule: string][] = [
  ['a domain file importing the store', 'src/domain/clock.ts', "import { x } from '../store/db';\nexport const y = x;\n", 'no-restricted-imports'],
  ['a domain file importing node:fs', 'src/domain/clock.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", 'no-restricted-imports'],
  ['a domain file reading the clock', 'src/domain/clock.ts', 'export const now = Date.now();\n', 'no-restricted-syntax'],
  ['a domain file constructing now', 'src/domain/clock.ts', 'export const now = new Date();\n', 'no-restricted-syntax'],
  ['the Graph client outside src/graph', 'src/app/sync.ts', "import { Client } from '@microsoft/microsoft-graph-client';\nexport const c = Client;\n", 'no-restricted-imports'],
  ['teams-js outside a host file', 'src/ui/tab/QueueView.tsx', "import { app } from '@microsoft/teams-js';\nexport const a = app;\n", 'no-restricted-imports'],
  ['Office outside a host file', 'src/ui/outlook/TaskPane.tsx', 'export const item = Office.context.mailbox.item;\n', 'no-restricted-globals'],
  ['ui importing server code', 'src/ui/tab/api.ts', "import { loadConfig } from '../../server/config';\nexport const c = loadConfig;\n", 'no-restricted-imports'],
  ['a use case importing the wire contracts', 'src/app/queue.ts', "import type { QueueResponse } from '../contracts/api';\nexport type Q = QueueResponse;\n", 'no-restricted-imports'],
  ['a domain file importing the wire contracts', 'src/domain/clocks.ts', "import type { Priority } from '../contracts/api';\nexport type P = Priority;\n", 'no-restricted-imports'],
  ['a use case importing Fastify', 'src/app/track.ts', "import Fastify from 'fastify';\nexport const f = Fastify;\n", 'no-restricted-imports'],
  ['process.env outside config.ts', 'src/server/routes.ts', 'export const port = process.env.PORT;\n', 'no-restricted-properties'],
  ['a className on FluentProvider (popups copy it)', 'src/ui/tab/tab-app.tsx', "import { FluentProvider } from '@fluentui/react-components';\nexport const a = <FluentProvider className=\"x\" />;\n", 'no-restricted-syntax'],
  ['a style on FluentProvider', 'src/ui/manager/manager-shell.tsx', "import { FluentProvider } from '@fluentui/react-components';\nexport const a = <FluentProvider style={{ height: '100%' }} />;\n", 'no-restricted-syntax'],
  ['the dev tenant importing a use case', 'src/devtenant/dev-routes.ts', "import { trackRequest } from '../app/track-request';\nexport const t = trackRequest;\n", 'no-restricted-imports'],
  ['a workbench file importing server code', 'src/devtenant/workbench/dev-page.ts', "import { loadConfig } from '../../server/config';\nexport const c = loadConfig;\n", 'no-restricted-imports'],
];
const allowed: [label: string, filePath: string, code: string][] = [
  ['a domain file importing a sibling', 'src/domain/clock.ts', "import { x } from './working-time';\nexport const y = x;\n"],
  ['a domain file importing windows-iana', 'src/domain/clock.ts', "import { findIana } from 'windows-iana';\nexport const y = findIana;\n"],
  ['teams-js inside a host file', 'src/ui/tab/tab-host.ts', "import { app } from '@microsoft/teams-js';\nexport const a = app;\n"],
  ['the Graph client inside src/graph', 'src/graph/graph-client.ts', "import { Client } from '@microsoft/microsoft-graph-client';\nexport const c = Client;\n"],
  ['a use case importing its views', 'src/app/queue.ts', "import type { QueueResponse } from './views/request-views';\nexport type Q = QueueResponse;\n"],
  ['the Graph simulator importing its resource routes', 'src/devtenant/graph-simulator.ts', "import { registerMailRoutes } from './graph/mail-routes';\nexport const r = registerMailRoutes;\n"],
  ['a workbench file importing the simulator\'s routes', 'src/devtenant/workbench/dev-page.ts', "import { registerMailRoutes } from '../graph/mail-routes';\nexport const r = registerMailRoutes;\n"],
  ['process.env in config.ts', 'src/server/config.ts', 'export const port = process.env.PORT;\n'],
  ['layout on a div inside FluentProvider', 'src/ui/tab/tab-app.tsx', "import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';\nexport const a = <FluentProvider theme={teamsLightTheme}><div className=\"x\" style={{ height: '100vh' }} /></FluentProvider>;\n"],
];

let results: string[][] = [];
beforeAll(() => {
  const cases = [...rejected, ...allowed].map(([, filePath, code]) => ({ filePath: join(root, filePath), code }));
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT, JSON.stringify(cases)], { cwd: root, encoding: 'utf8' });
  results = JSON.parse(out) as string[][];
});

describe('architecture boundaries enforced by lint', () => {
  it.each(rejected.map((c, i) => [...c, i] as const))('rejects %s', (_label, _file, _code, rule, i) => {
    expect(results[i]).toContain(rule);
  });
  it.each(allowed.map((c, i) => [...c, rejected.length + i] as const))('allows %s', (_label, _file, _code, i) => {
    expect(results[i]).toEqual([]);
  });
});
