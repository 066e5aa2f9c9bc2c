import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One `activities.activityTypes` entry of the Teams app manifest. */
export interface DeclaredActivityType {
  type: string;
  description: string;
  /** The text Teams shows, with `{name}` placeholders filled from the notification's templateParameters. */
  templateText: string;
}

/** What the dev tenant knows of Turnaround's Teams app: its name (Graph's `{actor}` in app-only calls) and activity types. */
export interface TeamsAppDeclaration {
  appName: string;
  activityTypes: ReadonlyMap<string, DeclaredActivityType>;
}

/** The repository's manifest (placeholders unfilled: the activity types and the name have none). */
export const MANIFEST_PATH = path.resolve(__dirname, '../../manifest/manifest.json');

let cached: TeamsAppDeclaration | null = null;

/**
 * The Teams app's declared activity types and name, read from manifest/manifest.json once per process: Graph knows
 * the manifest of the installed app, so the simulator checks `activityType` against the same file that is packaged.
 * @throws Error when the manifest cannot be read or declares no activity types.
 */
export function teamsAppDeclaration(): TeamsAppDeclaration {
  if (cached) return cached;
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as { name?: { short?: unknown }; activities?: { activityTypes?: unknown } };
  const declared = Array.isArray(manifest.activities?.activityTypes) ? (manifest.activities.activityTypes as Partial<DeclaredActivityType>[]) : [];
  const activityTypes = new Map<string, DeclaredActivityType>();
  for (const a of declared) {
    if (typeof a.type === 'string' && typeof a.templateText === 'string') activityTypes.set(a.type, { type: a.type, description: String(a.description ?? ''), templateText: a.templateText });
  }
  if (activityTypes.size === 0) throw new Error(`${MANIFEST_PATH} declares no activities.activityTypes`);
  cached = { appName: typeof manifest.name?.short === 'string' ? manifest.name.short : 'Turnaround', activityTypes };
  return cached;
}

/** The `{name}` placeholders of a template text, in order of first appearance. */
export function templatePlaceholders(templateText: string): string[] {
  return [...new Set([...templateText.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] ?? ''))];
}

/**
 * A template text with its placeholders filled: `{actor}` is the sender (the app's name for application calls, as
 * Graph fills it), the others come from `values`; a placeholder without a value is left as it is (the caller checks).
 */
export function renderTemplate(templateText: string, actor: string, values: ReadonlyMap<string, string>): string {
  return templateText.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => (name === 'actor' ? actor : values.get(name) ?? whole));
}
