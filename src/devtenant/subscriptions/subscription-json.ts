import type { SimulatedSubscription } from './change-notification-delivery';

/**
 * A subscription as Graph v1.0 answers it (`subscription` resource type). `withClientState: false` leaves the secret
 * out (the dev tenant's control plane lists subscriptions without it).
 */
export function subscriptionJson(s: SimulatedSubscription, withClientState = true): Record<string, unknown> {
  return {
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeTypes.join(','),
    ...(withClientState ? { clientState: s.clientState } : {}),
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: new Date(s.expirationMs).toISOString(),
    creatorId: s.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: s.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}
