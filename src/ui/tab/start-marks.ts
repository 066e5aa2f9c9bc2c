/**
 * User Timing marks for the tab's start-up (`tab:script`, `tab:host`, `tab:ui`, `tab:queue`, `tab:rows`), read by
 * bench/tab.bench.ts to say where the time to an interactive queue goes. Each is set once; harmless where the
 * User Timing API is missing (jsdom).
 */
const marked = new Set<string>();

/** Sets the User Timing mark `name` the first time it is called. */
export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}
