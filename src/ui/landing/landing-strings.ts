/** Every string the landing page shows, in one place for translation. */
export const strings = {
  title: 'Turnaround',
  tagline: 'Internal customer service in Microsoft 365: treat colleagues as customers.',
  demoIntro: [
    'This is a demo organisation of about 40 people in IT, Payroll, HR, Sales, Engineering and Marketing, with 90 days of email and Teams chat between them, running on a local stand-in for Microsoft 365.',
    'Pick who you want to be — someone who serves colleagues, or a team owner — and open their Teams tabs or their Outlook.',
    'Everything you see is measured from Microsoft Graph in that person’s own working hours against their team’s service standards.',
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
} as const;
