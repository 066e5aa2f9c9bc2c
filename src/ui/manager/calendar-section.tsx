/** The team's default working calendar: time zone, several windows a day, and the out-of-office pause. */
import { Button, Card, Checkbox, Field, Input, Switch, Text, makeStyles } from '@fluentui/react-components';
import type { WorkingWindow } from '../../contracts/api';
import type { SettingsSectionProps } from './settings-section-props';
import { messageFor } from './validate-settings';

type Day = WorkingWindow['days'][number];
const DAYS: { day: Day; label: string }[] = [
  { day: 'monday', label: 'Mon' }, { day: 'tuesday', label: 'Tue' }, { day: 'wednesday', label: 'Wed' }, { day: 'thursday', label: 'Thu' },
  { day: 'friday', label: 'Fri' }, { day: 'saturday', label: 'Sat' }, { day: 'sunday', label: 'Sun' },
];

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: '12px' },
  window: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'flex-end' },
  days: { display: 'flex', flexWrap: 'wrap' },
});

export function CalendarSection({ settings, onChange, problems, readOnly }: SettingsSectionProps) {
  const styles = useStyles();
  const { calendar } = settings;
  const setWindows = (windows: WorkingWindow[]) => onChange({ ...settings, calendar: { ...calendar, windows } });
  const setWindow = (index: number, patch: Partial<WorkingWindow>) =>
    setWindows(calendar.windows.map((w, i) => (i === index ? { ...w, ...patch } : w)));

  return (
    <div className={styles.column}>
      <Text as="h3" size={400} weight="semibold">Working calendar</Text>
      <Text>Used for people without Outlook working hours. Add a second window for a day with a break (09:00–12:30 and 13:30–17:30). A change applies from when you save it: time already counted keeps the calendar it was counted with.</Text>
      <Field label="Time zone (IANA, e.g. Europe/London)" validationMessage={messageFor(problems, 'calendar.timeZone')}>
        <Input value={calendar.timeZone} readOnly={readOnly} onChange={(_e, d) => onChange({ ...settings, calendar: { ...calendar, timeZone: d.value } })} />
      </Field>
      {messageFor(problems, 'calendar.windows') && <Text role="alert">{messageFor(problems, 'calendar.windows')}</Text>}
      {calendar.windows.map((window, index) => {
        const at = `calendar.windows.${index}`;
        const name = `Working window ${index + 1}`;
        return (
          <Card key={index} aria-label={name}>
            <div className={styles.window}>
              <Field label={`${name} days`} validationMessage={messageFor(problems, `${at}.days`)}>
                <div className={styles.days} role="group" aria-label={`${name} days`}>
                  {DAYS.map(({ day, label }) => (
                    <Checkbox key={day} label={label} aria-label={`${name}: ${day}`} checked={window.days.includes(day)} disabled={readOnly}
                      onChange={(_e, d) => setWindow(index, { days: d.checked ? DAYS.map((x) => x.day).filter((x) => x === day || window.days.includes(x)) : window.days.filter((x) => x !== day) })} />
                  ))}
                </div>
              </Field>
              <Field label={`${name} starts (HH:MM)`} validationMessage={messageFor(problems, `${at}.start`)}>
                <Input value={window.start} readOnly={readOnly} placeholder="09:00" onChange={(_e, d) => setWindow(index, { start: d.value })} />
              </Field>
              <Field label={`${name} ends (HH:MM)`} validationMessage={messageFor(problems, `${at}.end`)}>
                <Input value={window.end} readOnly={readOnly} placeholder="17:00" onChange={(_e, d) => setWindow(index, { end: d.value })} />
              </Field>
              {!readOnly && <Button appearance="subtle" onClick={() => setWindows(calendar.windows.filter((_w, i) => i !== index))}>Remove {name.toLowerCase()}</Button>}
            </div>
          </Card>
        );
      })}
      {!readOnly && (
        <div>
          <Button onClick={() => setWindows([...calendar.windows, { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '13:30', end: '17:30' }])}>
            Add working window
          </Button>
        </div>
      )}
      <Switch label="Pause clocks while the assignee is out of office (scheduled automatic replies)" checked={settings.pauseForOutOfOffice} disabled={readOnly}
        onChange={(_e, d) => onChange({ ...settings, pauseForOutOfOffice: d.checked })} />
    </div>
  );
}
