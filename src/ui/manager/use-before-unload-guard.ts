import { useEffect } from 'react';

/**
 * While `active`, asks the browser to confirm a reload or close of the page (its own "Leave site?" prompt; browsers
 * show their own words, never ours). Switching views inside the tab is guarded by the tab's Dialog instead.
 */
export function useBeforeUnloadGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return undefined;
    const guard = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Chromium before 119 and Safari still need returnValue set to show the prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, [active]);
}
