import { Dropdown, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import type { Priority } from '../../contracts/api';
import { useApiData } from '../shared/use-api-data';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
const NONE = '__none__';

const useStyles = makeStyles({
  options: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  dropdown: { minWidth: '160px' },
});

export interface TrackOptionsValue { category: string | null; priority: Priority }

/** The categories of my teams' standards (a member may read them); empty when I have no team. */
export function useTeamCategories(): string[] {
  const { api } = useTabServices();
  const categories = useApiData(async () => {
    const me = await api.getMe();
    const lists = await Promise.all(me.teams.map((t) => api.getTeamSettings(t.id).then((s) => s.categories, () => [] as string[])));
    return [...new Set(lists.flat())].sort();
  }, [api]);
  return categories.data ?? [];
}

/** Category and priority applied by one-click Track buttons. */
export function TrackOptions({ value, onChange }: { value: TrackOptionsValue; onChange: (value: TrackOptionsValue) => void }) {
  const styles = useStyles();
  const categories = useTeamCategories();
  const t = tabStrings.trackChat;
  return (
    <div className={styles.options}>
      <Field label={t.category}>
        <Dropdown
          className={styles.dropdown}
          value={value.category ?? tabStrings.queue.noCategory}
          selectedOptions={[value.category ?? NONE]}
          onOptionSelect={(_e, d) => onChange({ ...value, category: d.optionValue === NONE || d.optionValue === undefined ? null : d.optionValue })}
        >
          <Option value={NONE}>{tabStrings.queue.noCategory}</Option>
          {categories.map((c) => <Option key={c} value={c}>{c}</Option>)}
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
