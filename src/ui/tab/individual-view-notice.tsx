import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useApiData } from '../shared/use-api-data';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

/**
 * Tells a member, in their own tab, which of their teams' owners turned individual view on: those owners then see
 * per-person rows, this person's included. Nothing is shown when no team has it on.
 */
export function IndividualViewNotice() {
  const { api } = useTabServices();
  const me = useApiData(() => api.getMe(), [api]);
  const teams = (me.data?.teams ?? []).filter((t) => t.individualView);
  if (teams.length === 0) return null;
  const t = tabStrings.individualView;
  return (
    <MessageBar intent="info" role="status">
      <MessageBarBody>
        <MessageBarTitle>{t.title}</MessageBarTitle>
        {t.body(teams.map((team) => team.displayName))}
      </MessageBarBody>
    </MessageBar>
  );
}
