import type { ActivityType } from '../../../src/app/m365-ports';
import { renderTemplate, teamsAppDeclaration, templatePlaceholders } from '../../../src/devtenant/teams-app-manifest';

/**
 * The template parameters each activity type takes, as the ActivityFeedSource port documents them. Typed by the port's
 * ActivityType, so a type added there without its manifest entry (or the reverse) fails here.
 */
const PARAMETERS: Record<ActivityType, string[]> = {
  requestAtRisk: ['actor', 'requester', 'due'],
  requestBreached: ['actor', 'requester', 'due'],
  workdayDigest: ['actor', 'summary'],
  thanksReceived: ['actor', 'requester'],
};

describe('the Teams app manifest as the dev tenant reads it', () => {
  it('declares exactly the activity types Turnaround sends, each with a description and the documented parameters', () => {
    const { appName, activityTypes } = teamsAppDeclaration();
    expect(appName).toBe('Turnaround');
    expect([...activityTypes.keys()].sort()).toEqual(Object.keys(PARAMETERS).sort());
    for (const [type, params] of Object.entries(PARAMETERS)) {
      const declared = activityTypes.get(type);
      expect(declared?.description).not.toBe('');
      expect(templatePlaceholders(declared?.templateText ?? '')).toEqual(params);
    }
  });

  it('fills {actor} with the sender and the others from the parameters, leaving an unknown one as it is', () => {
    expect(renderTemplate('{actor}: {requester} is {what}', 'Turnaround', new Map([['requester', 'Ada']]))).toBe('Turnaround: Ada is {what}');
  });
});
