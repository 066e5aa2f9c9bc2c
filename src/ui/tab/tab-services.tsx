import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '../shared/api-client';
import type { SurfaceHost } from '../shared/host-types';

/** What the tab's views use: the API and the host, as plain objects (tests pass fakes). */
export interface TabServices {
  api: ApiClient;
  host: SurfaceHost;
  /** Where earlier versions kept dismissed suggestions, moved to the server once (default: window.localStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

const TabServicesContext = createContext<TabServices | null>(null);

export function TabServicesProvider({ services, children }: { services: TabServices; children: ReactNode }) {
  return <TabServicesContext.Provider value={services}>{children}</TabServicesContext.Provider>;
}

/** The tab's services; throws outside {@link TabServicesProvider}. */
export function useTabServices(): TabServices {
  const services = useContext(TabServicesContext);
  if (!services) throw new Error('useTabServices outside TabServicesProvider');
  return services;
}

const whenFormats = new Map<string, Intl.DateTimeFormat>();

/** "12 Mar, 14:05" in the user's locale. One formatter per locale: creating one costs more than formatting a row. */
export function formatWhen(iso: string, locale: string): string {
  let format = whenFormats.get(locale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    whenFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}
