import { Dropdown, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import type { MyCategoriesResponse, Priority } from '../../contracts/api';
import { PRIORITIES } from '../../domain/priority';
import { useApiData } from '../shared/use-api-data';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const NONE = '__none__';

const useStyles = makeStyles({
  options: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'flex-start' },
  dropdown: { minWidth: '160px' },
});

export interface TrackOptionsValue { category: string | null; priority: Priority }

/**
 * The categories a request I track can have: my home team's list (the team my requests belong to, DESIGN "Team of a
 * request"), from GET /api/me/categories — not a union of all my teams' lists. Null until loaded.
 */
export function useMyCategories(): MyCategoriesResponse | null {
  const { api } = useTabServices();
  return useApiData(() => api.getMyCategories(), [api]).data;
}

/** Category and priority applied by one-click Track buttons. */
export function TrackOptions({ value, onChange }: { value: TrackOptionsValue; onChange: (value: TrackOptionsValue) => void }) {
  const styles = useStyles();
  const mine = useMyCategories();
  const t = tabStrings.trackChat;
  return (
    <div className={styles.options}>
      <Field label={t.category} hint={mine ? t.categoriesOf(mine.team?.displayName ?? null) : undefined}>
        <Dropdown
          className={styles.dropdown}
          value={value.category ?? tabStrings.queue.noCategory}
          selectedOptions={[value.category ?? NONE]}
          onOptionSelect={(_e, d) => onChange({ ...value, category: d.optionValue === NONE || d.optionValue === undefined ? null : d.optionValue })}
        >
          <Option value={NONE}>{tabStrings.queue.noCategory}</Option>
          {(mine?.categories ?? []).map((c) => <Option key={c} value={c}>{c}</Option>)}
        </Dropdown>
      </Field>
      <Field label={t.priority}>
        <Dropdown
          className={styles.dropdown}
          value={tabStrings.priority[value.priority]}
          selectedOptions={[value.priority]}
          onOptionSelect={(_e, d) => onChange({ ...value, priority: (d.optionValue as Priority | undefined) ?? 'normal' })}
        >
          {PRIORITIES.map((p) => <Option key={p} value={p}>{tabStrings.priority[p]}</Option>)}
        </Dropdown>
      </Field>
    </div>
  );
}
