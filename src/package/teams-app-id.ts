/**
 * Turnaround's Teams app id (the manifest's `id`, a GUID kept across versions so an update replaces the installed
 * app): what a package is built with unless `--app-id` says otherwise, and what the server's activity-feed
 * notifications link to (their deep links open this app's personal tab). Its own module so the server reads it
 * without loading the packaging tools.
 */
export const DEFAULT_TEAMS_APP_ID = '3c9e5a71-0d2b-4f6e-8a14-6b7c8d9e0f12';
