/** The team's categories and its service standards (category × priority → first-response and resolution targets). */
import { useState } from 'react';
import { Button, Card, Field, Input, Select, Text, makeStyles } from '@fluentui/react-components';
import type { Priority, ServiceStandard } from '../../contracts/api';
import { PRIORITIES } from '../../domain/priority';
import type { SettingsSectionProps } from './settings-section-props';
import { TargetInput } from './target-input';
import { messageFor } from './validate-settings';

const ANY = '';

const useStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: '8px', padding: 0, margin: 0, listStyle: 'none' },
  chip: { display: 'flex', alignItems: 'center', gap: '4px' },
  add: { display: 'flex', gap: '8px', alignItems: 'flex-end' },
  standard: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', gap: '8px', alignItems: 'end' },
  column: { display: 'flex', flexDirection: 'column', gap: '12px' },
});

/** A new standard's id: unique within the draft; the server keeps or replaces it. */
function newStandardId(standards: ServiceStandard[]): string {
  let n = standards.length + 1;
  while (standards.some((s) => s.id === `new-${n}`)) n += 1;
  return `new-${n}`;
}

export function StandardsSection({ settings, onChange, problems, readOnly }: SettingsSectionProps) {
  const styles = useStyles();
  const [newCategory, setNewCategory] = useState('');
  const setStandard = (index: number, patch: Partial<ServiceStandard>) =>
    onChange({ ...settings, standards: settings.standards.map((s, i) => (i === index ? { ...s, ...patch } : s)) });

  const addCategory = () => {
    const name = newCategory.trim();
    if (name === '') return;
    onChange({ ...settings, categories: [...settings.categories, name] });
    setNewCategory('');
  };
  const removeCategory = (name: string) =>
    onChange({
      ...settings,
      categories: settings.categories.filter((c) => c !== name),
      // a standard for a removed category would cover nothing: it falls back to "any category" for the owner to review
      standards: settings.standards.map((s) => (s.category === name ? { ...s, category: null } : s)),
    });

  return (
    <div className={styles.column}>
      <Text as="h3" size={400} weight="semibold">Categories</Text>
      <ul className={styles.list} aria-label="Categories">
        {settings.categories.map((category, index) => (
          <li key={`${category}-${index}`} className={styles.chip}>
            <Text>{category}</Text>
            {!readOnly && <Button size="small" appearance="subtle" onClick={() => removeCategory(category)} aria-label={`Remove category ${category}`}>✕</Button>}
            {messageFor(problems, `categories.${index}`) && <Text role="alert">{messageFor(problems, `categories.${index}`)}</Text>}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <div className={styles.add}>
          <Field label="New category"><Input value={newCategory} onChange={(_e, d) => setNewCategory(d.value)} onKeyDown={(e) => { if (e.key === 'Enter') addCategory(); }} /></Field>
          <Button onClick={addCategory} disabled={newCategory.trim() === ''}>Add category</Button>
        </div>
      )}

      <Text as="h3" size={400} weight="semibold">Service standards</Text>
      <Text>Targets are in working time: the assignee's working hours, minus holidays{settings.pauseForOutOfOffice ? ' and out-of-office time' : ''}. A change applies to requests tracked after you save it; requests already tracked keep the targets they were tracked under.</Text>
      {messageFor(problems, 'standards') && <Text role="alert">{messageFor(problems, 'standards')}</Text>}
      {settings.standards.map((standard, index) => {
        const at = `standards.${index}`;
        const title = standard.name.trim() || `Standard ${index + 1}`;
        return (
          <Card key={standard.id} aria-label={`Standard ${index + 1}: ${title}`}>
            <div className={styles.standard}>
              <Field label="Name" validationMessage={messageFor(problems, `${at}.name`)}>
                <Input value={standard.name} readOnly={readOnly} onChange={(_e, d) => setStandard(index, { name: d.value })} />
              </Field>
              <Field label="Category" validationMessage={messageFor(problems, `${at}.category`)}>
                <Select value={standard.category ?? ANY} disabled={readOnly} onChange={(_e, d) => setStandard(index, { category: d.value === ANY ? null : d.value })}>
                  <option value={ANY}>Any category</option>
                  {settings.categories.map((c) => <option key={c} value={c}>{c}</option>)}
                  {standard.category !== null && !settings.categories.includes(standard.category) && <option value={standard.category}>{standard.category}</option>}
                </Select>
              </Field>
              <Field label="Priority">
                <Select value={standard.priority ?? ANY} disabled={readOnly} onChange={(_e, d) => setStandard(index, { priority: d.value === ANY ? null : (d.value as Priority) })}>
                  <option value={ANY}>Any priority</option>
                  {PRIORITIES.map((p) => <option key={p} value={p}>{p}</option>)}
                </Select>
              </Field>
              <TargetInput label={`${title}: first response within`} minutes={standard.firstResponseTargetMinutes} readOnly={readOnly}
                validationMessage={messageFor(problems, `${at}.firstResponseTargetMinutes`)}
                onChange={(minutes) => setStandard(index, { firstResponseTargetMinutes: minutes })} />
              <TargetInput label={`${title}: resolution within`} minutes={standard.resolutionTargetMinutes} readOnly={readOnly}
                validationMessage={messageFor(problems, `${at}.resolutionTargetMinutes`)}
                onChange={(minutes) => setStandard(index, { resolutionTargetMinutes: minutes })} />
              {!readOnly && (
                <Button appearance="subtle" onClick={() => onChange({ ...settings, standards: settings.standards.filter((_s, i) => i !== index) })}>
                  Remove {title}
                </Button>
              )}
            </div>
          </Card>
        );
      })}
      {!readOnly && (
        <div>
          <Button onClick={() => onChange({
            ...settings,
            standards: [...settings.standards, { id: newStandardId(settings.standards), name: '', category: null, priority: null, firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960 }],
          })}>Add standard</Button>
        </div>
      )}
    </div>
  );
}
