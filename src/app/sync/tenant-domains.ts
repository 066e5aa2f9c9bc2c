/**
 * Verified domains of a tenant (who counts as a colleague), read from Graph's /organization and kept in the directory
 * store, refreshed at most once per `refreshMs` per process.
 */
import type { Clock, DirectorySource, DirectoryStore, UserContext } from '../ports';

/** Default refresh interval of verified domains: 24 hours (they change rarely). */
export const DOMAINS_REFRESH_MS = 24 * 60 * 60 * 1000;

export class TenantDomains {
  private readonly cache = new Map<string, { domains: string[]; loadedAtMs: number }>();

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

  /** Whether an address belongs to one of the tenant's verified domains. */
  static isColleagueAddress(address: string, domains: readonly string[]): boolean {
    const at = address.lastIndexOf('@');
    if (at < 0) return false;
    const domain = address.slice(at + 1).toLowerCase();
    return domains.includes(domain);
  }
}
