import type { NewRequest, NewRequestEvent } from '../../../src/app/records';

export const T0 = Date.UTC(2025, 2, 3, 9, 0, 0); // Monday 3 March 2025 09:00 UTC

/** A new request with every field set; override what a test cares about. */
export function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    tenantId: 'tenant-a',
    source: 'email',
    sourceMessageId: 'msg-1',
    conversationId: 'conv-1',
    chatId: null,
    threadId: null,
    webLink: 'https://outlook.office.com/mail/id/msg-1',
    requesterId: 'requester-1',
    assigneeId: 'assignee-1',
    teamId: 'team-1',
    subject: 'Laptop for new starter',
    preview: 'Could you order a laptop for…',
    category: 'hardware',
    priority: 'normal',
    note: null,
    colleagueOverride: false,
    receivedAt: new Date(T0),
    firstResponseAt: null,
    firstResponseSource: null,
    resolvedAt: null,
    waitingPeriods: [],
    status: 'open',
    dueAt: new Date(T0 + 4 * 3600_000),
    ...overrides,
  };
}

export function trackedEvent(actorId = 'assignee-1', at = new Date(T0 + 60_000)): NewRequestEvent {
  return { type: 'tracked', actorId, at, data: { via: 'test' } };
}
