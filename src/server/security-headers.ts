/**
 * Security headers for every response, and the Content-Security-Policy of the pages Teams and Outlook frame.
 * API and landing responses may not be framed at all; tab, manager and task-pane pages may be framed only by the
 * Teams, Outlook and Microsoft 365 host origins (plus 'self' in demo mode, where the workbench frames them).
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

/** The host origins allowed to frame the tab, manager and task-pane pages (Teams, Outlook, Microsoft 365). */
export const HOST_FRAME_ANCESTORS: readonly string[] = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.office.com',
  'https://*.microsoft365.com',
];

/** Office.js loads from Microsoft's CDN in real hosts. */
const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';

/**
 * The common security headers, set by `@fastify/helmet` on every response: nosniff, no-referrer, same-origin resource
 * policy, Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies,
 * X-XSS-Protection: 0, and HSTS when the public origin is HTTPS. Left to this file instead of helmet:
 * - the Content-Security-Policy and X-Frame-Options, which differ per page (see {@link pageContentSecurityPolicy} and
 *   {@link NO_FRAMING_HEADERS}); helmet's one global CSP and its SAMEORIGIN frame guard would forbid Teams framing;
 * - Cross-Origin-Opener-Policy: `same-origin` would cut the opener link of the sign-in and consent pop-ups the
 *   Teams and Outlook hosts open on these pages, so it is off.
 */
export function helmetOptions(httpsOrigin: boolean): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: false,
    frameguard: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: httpsOrigin ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

/** Headers helmet does not set, sent with every response. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** For API responses and pages that are never framed. */
export const NO_FRAMING_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
};

/**
 * The CSP of a page. `framedByHosts` pages (tab, manager, task pane, commands) list the host origins in
 * `frame-ancestors`; other pages (landing, workbench) allow only 'self' (demo workbench) or nothing.
 * `extraScriptSources` is the hook for the demo Office.js stand-in if it is served from elsewhere.
 */
export function pageContentSecurityPolicy(options: { framedByHosts: boolean; demo: boolean; extraScriptSources?: readonly string[] }): string {
  const ancestors = options.framedByHosts
    ? [...(options.demo ? ["'self'"] : []), ...HOST_FRAME_ANCESTORS]
    : options.demo
      ? ["'self'"]
      : ["'none'"];
  const scripts = ["'self'", OFFICE_JS_ORIGIN, ...(options.extraScriptSources ?? [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    // Fluent UI (griffel) injects <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data: https:",
    // teams-js fetches its list of valid host domains from Microsoft's CDN.
    "connect-src 'self' https:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
}
