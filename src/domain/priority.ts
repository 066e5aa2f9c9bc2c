/** Every priority a tracked request can have, least urgent first: the order pickers list them in. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** How urgent a tracked request is; a team's standards may set targets per priority. */
export type Priority = (typeof PRIORITIES)[number];

export const isPriority = (value: unknown): value is Priority => (PRIORITIES as readonly unknown[]).includes(value);
