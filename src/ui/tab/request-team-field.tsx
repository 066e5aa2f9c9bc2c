import { Button, Dropdown, MessageBar, MessageBarActions, MessageBarBody, Option, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { RequestView } from '../../contracts/api';
import { isApiErrorCode } from '../shared/api-client';
import { useApiData } from '../shared/use-api-data';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0, flexGrow: 1 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  dropdown: { minWidth: '200px' },
});

const s = tabStrings.detail;
/** The dropdown's entry for a current team the person cannot move to (none, or one they left). */
const CURRENT = '__current__';

export interface RequestTeamFieldProps {
  request: RequestView;
  /** The request was moved: the request as the server now has it. */
  onUpdated(request: RequestView): void;
}

/**
 * The "Team" of a request in its detail panel: the team whose standards apply, and — when the person has another
 * team — a dropdown and Move to put it there (PATCH `{action: "update", teamId}`; the server recomputes its due time).
 * A category the new team does not have is refused (`unknown_category`, the server lists the team's categories);
 * the person may then move it without the category.
 */
export function RequestTeamField({ request, onUpdated }: RequestTeamFieldProps) {
  const { api } = useTabServices();
  const styles = useStyles();
  const me = useApiData(() => api.getMe(), [api]);
  const teams = me.data?.teams ?? [];
  const current = teams.find((t) => t.id === request.teamId);
  const currentName = request.teamId === null ? s.noTeam : current?.displayName ?? s.formerTeam;
  const [target, setTarget] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const [problem, setProblem] = useState<{ message: string; categoryConflict: boolean } | null>(null);

  // Until the person's teams are known, a team id is not named (it may or may not be one of theirs).
  if (me.data === null) return <span>{request.teamId === null ? s.noTeam : ''}</span>;
  if (!teams.some((t) => t.id !== request.teamId)) return <span>{currentName}</span>;

  const move = (teamId: string, withoutCategory: boolean) => {
    setMoving(true);
    setProblem(null);
    api.changeRequest(request.id, { action: 'update', teamId, ...(withoutCategory ? { category: null } : {}) }).then(
      ({ request: updated }) => {
        setTarget(null);
        if (updated !== null) onUpdated(updated);
      },
      (e: unknown) => {
        const detail = e instanceof Error ? e.message : String(e);
        setProblem({ message: s.moveFailed(detail), categoryConflict: isApiErrorCode(e, 'unknown_category') });
        if (isApiErrorCode(e, 'not_a_member')) me.reload();
      },
    ).finally(() => setMoving(false));
  };
  const chosen = target ?? (current === undefined ? CURRENT : current.id);

  return (
    <div className={styles.field}>
      <div className={styles.row}>
        <Dropdown
          className={styles.dropdown}
          aria-label={s.team}
          value={chosen === CURRENT ? currentName : teams.find((t) => t.id === chosen)?.displayName ?? currentName}
          selectedOptions={[chosen]}
          onOptionSelect={(_e, d) => { setProblem(null); setTarget(d.optionValue === undefined || d.optionValue === CURRENT || d.optionValue === request.teamId ? null : d.optionValue); }}
          disabled={moving}
        >
          {current === undefined && <Option value={CURRENT} disabled>{currentName}</Option>}
          {teams.map((t) => <Option key={t.id} value={t.id}>{t.displayName}</Option>)}
        </Dropdown>
        {target !== null && (
          <Button size="small" appearance="primary" disabled={moving} onClick={() => move(target, false)}>{s.move}</Button>
        )}
      </div>
      {problem !== null && (
        <MessageBar intent={problem.categoryConflict ? 'warning' : 'error'} layout="multiline">
          <MessageBarBody>{problem.message}</MessageBarBody>
          {problem.categoryConflict && target !== null && (
            <MessageBarActions>
              <Button size="small" disabled={moving} onClick={() => move(target, true)}>{s.moveWithoutCategory}</Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
    </div>
  );
}
