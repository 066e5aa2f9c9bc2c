import { useCallback, useEffect, useRef, useState } from 'react';

export type ApiData<T> =
  | { state: 'loading'; data: T | null; error: null; reload: () => void }
  | { state: 'ready'; data: T; error: null; reload: () => void }
  | { state: 'error'; data: T | null; error: unknown; reload: () => void };

/**
 * Loads data with `load` whenever `deps` change (and on `reload()`), keeping the last data while reloading.
 * Answers that arrive after a newer load started are dropped.
 */
export function useApiData<T>(load: () => Promise<T>, deps: readonly unknown[]): ApiData<T> & { setData: (update: (data: T) => T) => void } {
  const [state, setState] = useState<{ state: 'loading' | 'ready' | 'error'; data: T | null; error: unknown }>({ state: 'loading', data: null, error: null });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    setState((s) => ({ state: 'loading', data: s.data, error: null }));
    load().then(
      (data) => { if (generation.current === mine) setState({ state: 'ready', data, error: null }); },
      (error: unknown) => { if (generation.current === mine) setState((s) => ({ state: 'error', data: s.data, error })); },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((update: (data: T) => T) => setState((s) => (s.data === null ? s : { ...s, data: update(s.data) })), []);
  return { ...state, reload, setData } as ApiData<T> & { setData: (update: (data: T) => T) => void };
}
