import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PackageValues } from './fill-manifest';
import { REPO_ROOT } from './stage-app-package';

/**
 * The demo values used when no option is given: they make a package that validates, for trying the pipeline only.
 * A real package needs the tenant's values (see README "Deploy").
 */
export const DEMO_PACKAGE_VALUES = {
  baseUrl: 'https://localhost:3978',
  /** Turnaround's Teams app id: keep it across versions so updates replace the installed app. */
  appId: '3c9e5a71-0d2b-4f6e-8a14-6b7c8d9e0f12',
  clientId: '00000000-0000-0000-0000-000000000000',
} as const;

/** Options the packaging scripts take: `--base-url`, `--app-id`, `--client-id`, plus any extra flags the caller reads. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else {
      flags.set(arg.slice(2), argv[i + 1] ?? '');
      i++;
    }
  }
  return flags;
}

/** The package values from the command line, the demo values filling the gaps; `usedDemo` lists the defaulted ones. */
export function packageValuesFromFlags(flags: Map<string, string>): { values: PackageValues; usedDemo: string[] } {
  const usedDemo: string[] = [];
  const pick = (flag: string, fallback: string): string => {
    const given = flags.get(flag);
    if (given) return given;
    usedDemo.push(`--${flag}`);
    return fallback;
  };
  const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    values: {
      baseUrl: pick('base-url', DEMO_PACKAGE_VALUES.baseUrl),
      appId: pick('app-id', DEMO_PACKAGE_VALUES.appId),
      clientId: pick('client-id', DEMO_PACKAGE_VALUES.clientId),
      appVersion: version,
    },
    usedDemo,
  };
}
