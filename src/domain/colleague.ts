/**
 * Who counts as a colleague (DESIGN "Colleague"): only colleagues' messages become internal requests unless the person
 * overrides it. An email sender is a colleague when their address is in one of the tenant's verified domains; a chat
 * sender when they are a member of the same tenant (a guest or a federated user from elsewhere is not).
 */

/** Whether `address` belongs to one of the tenant's `verifiedDomains` (lower-cased, as the directory stores them). */
export function isColleagueAddress(address: string, verifiedDomains: readonly string[]): boolean {
  const at = address.lastIndexOf('@');
  if (at < 0) return false;
  const domain = address.slice(at + 1).toLowerCase();
  return verifiedDomains.includes(domain);
}

/**
 * Whether a chat message's sender is a colleague of a person in `tenantId`: the sender's tenant when Graph names it
 * (`senderTenantId`), otherwise whether the tenant's directory knows the sender (`inDirectory`).
 */
export function isColleagueChatSender(senderTenantId: string | null, tenantId: string, inDirectory: boolean): boolean {
  return senderTenantId !== null ? senderTenantId === tenantId : inDirectory;
}
