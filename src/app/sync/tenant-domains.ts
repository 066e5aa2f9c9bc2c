/**
 * Verified domains of a tenant (the colleague rule itself is src/domain/colleague.ts), read from Graph's /organization and kept in the directory
 * store, refreshed at most once per `refreshMs` per process.
 */
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock';
import type { DirectorySource, UserContext } from '../m365-ports';
import type { DirectoryStore } from '../store-ports';

/** Default refresh interval of verified domains: 24 hours (they change rarely). */
export const DOMAINS_REFRESH_MS = 24 * 60 * 60 * 1000;
/** Tenants whose domains this process keeps at most. */
const MAX_TENANTS_KEPT = 10_000;

export class TenantDomains {
  /** Per tenant, with when it was read (compared with `refreshMs` on the clock); least recently used tenants dropped first. */
  private readonly cache = new LRUCache<string, { domains: string[]; loadedAtMs: number }>({ max: MAX_TENANTS_KEPT });

  constructor(
    private readonly directory: DirectorySource,
    private readonly store: DirectoryStore,
    private readonly clock: Clock,
    private readonly refreshMs: number = DOMAINS_REFRESH_MS,
  ) {}

  /** The tenant's verified domains, lower-cased. */
  async of(user: UserContext): Promise<string[]> {
    const nowMs = this.clock.now().getTime();
    const cached = this.cache.get(user.tenantId);
    if (cached && nowMs - cached.loadedAtMs < this.refreshMs) return cached.domains;
    let domains = cached ? null : await this.store.getTenantDomains(user.tenantId);
    if (domains === null || domains.length === 0) {
      domains = (await this.directory.verifiedDomains(user)).map((d) => d.toLowerCase());
      await this.store.upsertTenant(user.tenantId, domains, new Date(nowMs));
    }
    this.cache.set(user.tenantId, { domains, loadedAtMs: nowMs });
    return domains;
  }
}
