import { useCallback, useEffect, useRef, useState } from 'react';

export type ApiData<T> =
  | { state: 'loading'; data: T | null; error: null; reload: () => void }
  | { state: 'ready'; data: T; error: null; reload: () => void }
  | { state: 'error'; data: T | null; error: unknown; reload: () => void };

export interface ApiDataOptions {
  /**
   * Load again when the page becomes visible or the window gets focus again (the person comes back to the tab), unless
   * a load is already under way. The data on screen stays until the new answer arrives.
   */
  refreshOnFocus?: boolean;
}

/**
 * Loads data with `load` whenever `deps` change (and on `reload()`), keeping the last data while reloading.
 * Answers that arrive after a newer load started are dropped.
 */
export function useApiData<T>(load: () => Promise<T>, deps: readonly unknown[], options: ApiDataOptions = {}): ApiData<T> & { setData: (update: (data: T) => T) => void } {
  const [state, setState] = useState<{ state: 'loading' | 'ready' | 'error'; data: T | null; error: unknown }>({ state: 'loading', data: null, error: null });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const inFlight = useRef(false);
  useEffect(() => {
    const mine = ++generation.current;
    inFlight.current = true;
    setState((s) => ({ state: 'loading', data: s.data, error: null }));
    const settle = (next: (s: { state: 'loading' | 'ready' | 'error'; data: T | null; error: unknown }) => typeof s) => {
      if (generation.current !== mine) return;
      inFlight.current = false;
      setState(next);
    };
    load().then(
      (data) => settle(() => ({ state: 'ready', data, error: null })),
      (error: unknown) => settle((s) => ({ state: 'error', data: s.data, error })),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((update: (data: T) => T) => setState((s) => (s.data === null ? s : { ...s, data: update(s.data) })), []);

  const refreshOnFocus = options.refreshOnFocus === true;
  useEffect(() => {
    if (!refreshOnFocus) return undefined;
    const comeBack = () => {
      if (document.visibilityState === 'visible' && !inFlight.current) reload();
    };
    document.addEventListener('visibilitychange', comeBack);
    window.addEventListener('focus', comeBack);
    return () => {
      document.removeEventListener('visibilitychange', comeBack);
      window.removeEventListener('focus', comeBack);
    };
  }, [refreshOnFocus, reload]);

  return { ...state, reload, setData } as ApiData<T> & { setData: (update: (data: T) => T) => void };
}
