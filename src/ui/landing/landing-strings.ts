/** Every string the landing page shows, in one place for translation. */
export const strings = {
  title: 'Turnaround',
  tagline: 'Internal customer service in Microsoft 365: treat colleagues as customers.',
  /** The three sentences that say what the demo is; `people` is the organisation's size. */
  demoIntro: (people: number | null): string[] => [
    `This is Contoso, a made-up organisation of ${people ?? 'about 60'} people in IT, Payroll, HR, Sales, Engineering and Marketing, with months of email and Teams chat between them, served by a local stand-in for Microsoft 365 — some requests are already tracked, so queues and dashboards have data.`,
    'Pick who you want to be — someone who serves colleagues, or a team owner — and open their personal tab, their team’s dashboard or their Outlook.',
    'Every time is read from Microsoft Graph and measured in that person’s own working hours against their team’s service standards.',
  ],
  tenantIntro: 'Turnaround runs inside Microsoft Teams and Outlook. Ask your administrator to upload the app package, then open it from Teams.',
  whoAreYou: 'Who do you want to be?',
  owner: 'team owner',
  openQueue: 'My queue (Teams)',
  openDashboard: 'Team dashboard (Teams channel)',
  openOutlook: 'Outlook',
  loading: 'Loading the demo organisation…',
  loadFailed: 'Could not load the demo organisation.',
  healthy: 'Server is up.',
  simulateTitle: 'See a first response land',
  simulateHelp: (name: string) => `Sends a reply from ${name} to the oldest of their open requests that is still waiting for an answer, as if they had answered in Outlook or Teams.`,
  simulateButton: 'Simulate a reply',
  simulating: 'Replying…',
  simulated: (from: string, to: string, subject: string) => `${from} replied to ${to}’s “${subject}” — with change notifications (the demo’s default) the open queue shows it within seconds; otherwise press Sync.`,
  nothingOpen: (name: string) => `${name} has no open request to reply to. Pick someone else, or track a message first.`,
  simulateFailed: 'The reply could not be sent.',
  seeding: (done: number, total: number) => `Tracking the demo’s requests: ${done} of ${total}…`,
} as const;
