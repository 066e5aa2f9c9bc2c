/** What packaging puts into the manifest template's `{{PLACEHOLDER}}`s. */
export interface PackageValues {
  /** The server's public origin, https, no trailing slash: `https://turnaround.contoso.com`. */
  baseUrl: string;
  /** The Teams app id (a GUID, stable across versions of the package). */
  appId: string;
  /** The Entra ID application (client) id of the app registration (a GUID). */
  clientId: string;
  /** The package version (semver), from package.json. */
  appVersion: string;
}

/** Thrown for unusable package values or a template with unknown placeholders; `code` is stable. */
export class PackageValuesError extends Error {
  readonly code = 'invalid_package_values';
  constructor(readonly problems: string[]) {
    super(`Cannot fill the manifest: ${problems.join('; ')}`);
    this.name = 'PackageValuesError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks the values and derives the placeholder map (`BASE_HOST` is the base URL's host, with its port if any). */
export function placeholderValues(values: PackageValues): Record<string, string> {
  const problems: string[] = [];
  let host = '';
  try {
    const url = new URL(values.baseUrl);
    if (url.protocol !== 'https:') problems.push(`base URL must be https (Teams and Outlook load only https pages): ${values.baseUrl}`);
    if (url.pathname !== '/' || url.search || url.hash) problems.push(`base URL must be an origin without a path: ${values.baseUrl}`);
    host = url.host;
  } catch {
    problems.push(`base URL is not a URL: ${values.baseUrl}`);
  }
  if (!GUID.test(values.appId)) problems.push(`app id must be a GUID: ${values.appId}`);
  if (!GUID.test(values.clientId)) problems.push(`client id must be a GUID: ${values.clientId}`);
  if (!/^\d+\.\d+\.\d+$/.test(values.appVersion)) problems.push(`version must be MAJOR.MINOR.PATCH: ${values.appVersion}`);
  if (problems.length > 0) throw new PackageValuesError(problems);
  return {
    BASE_URL: values.baseUrl.replace(/\/$/, ''),
    BASE_HOST: host,
    APP_ID: values.appId.toLowerCase(),
    CLIENT_ID: values.clientId.toLowerCase(),
    APP_VERSION: values.appVersion,
  };
}

/**
 * Replaces every `{{NAME}}` in the manifest template's text.
 * @throws {PackageValuesError} for bad values or a placeholder the template uses that packaging does not know.
 */
export function fillManifestTemplate(templateText: string, values: PackageValues): string {
  const map = placeholderValues(values);
  const unknown = new Set<string>();
  const filled = templateText.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = map[name];
    if (value === undefined) {
      unknown.add(whole);
      return whole;
    }
    return value;
  });
  if (unknown.size > 0) throw new PackageValuesError([`unknown placeholders ${[...unknown].join(', ')}`]);
  return filled;
}
