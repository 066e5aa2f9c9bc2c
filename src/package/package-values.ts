import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PackageValuesError, type PackageValues } from './fill-manifest';
import { REPO_ROOT } from './stage-app-package';
import { DEFAULT_TEAMS_APP_ID } from './teams-app-id';
import { loadConfigFromProcess } from '../server/config';

/**
 * The demo values used when no option is given: they make a package that validates, for trying the pipeline only.
 * A real package needs the tenant's values (see README "Deploy").
 */
export const DEMO_PACKAGE_VALUES = {
  baseUrl: 'https://localhost:3978',
  /** Turnaround's Teams app id: keep it across versions so updates replace the installed app. */
  appId: DEFAULT_TEAMS_APP_ID,
  clientId: '00000000-0000-0000-0000-000000000000',
} as const;

/** The configured values when the server is set up for a tenant (AZURE_CLIENT_ID set); none in demo mode. */
export function configuredPackageValues(): ConfiguredPackageValues {
  const config = loadConfigFromProcess();
  return config.entra === null ? {} : { baseUrl: config.publicBaseUrl, clientId: config.entra.clientId };
}

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

/** What the server's configuration says (tenant mode): PUBLIC_BASE_URL and AZURE_CLIENT_ID. */
export interface ConfiguredPackageValues {
  baseUrl?: string;
  clientId?: string;
}

/**
 * The package values: command-line flags first, then the server's configuration (tenant mode), then the demo values;
 * `usedDemo` lists the ones that fell back to demo values.
 */
export function packageValuesFromFlags(flags: Map<string, string>, configured: ConfiguredPackageValues = {}): { values: PackageValues; usedDemo: string[] } {
  const usedDemo: string[] = [];
  const fromConfig: Record<string, string | undefined> = { 'base-url': configured.baseUrl, 'client-id': configured.clientId };
  const pick = (flag: string, fallback: string): string => {
    const given = flags.get(flag) || fromConfig[flag];
    if (given) return given;
    usedDemo.push(`--${flag}`);
    return fallback;
  };
  const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    values: {
      baseUrl: pick('base-url', DEMO_PACKAGE_VALUES.baseUrl),
      // Turnaround's own Teams app id is not a demo value: it stays the same in every deployment unless overridden.
      appId: flags.get('app-id') || DEMO_PACKAGE_VALUES.appId,
      clientId: pick('client-id', DEMO_PACKAGE_VALUES.clientId),
      appVersion: version,
    },
    usedDemo,
  };
}

/** Runs a packaging command: exits with its code, or 1 after printing a bad value's code and message. */
export function runPackagingCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof PackageValuesError ? `✗ [${error.code}] ${error.message}` : error);
      process.exit(1);
    },
  );
}
