/** The team's holidays: add a date by hand, or import a country's public holidays for a year (date-holidays). */
import { useEffect, useState } from 'react';
import { Button, Field, Input, Select, Spinner, Text, makeStyles } from '@fluentui/react-components';
import type { SettingsSectionProps } from './settings-section-props';
import { dateHolidaysSource, type HolidayCountry, type HolidaySource } from './holiday-import';
import { messageFor } from './validate-settings';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: '12px' },
  row: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'flex-end' },
  list: { display: 'flex', flexWrap: 'wrap', gap: '8px', padding: 0, margin: 0, listStyle: 'none' },
  chip: { display: 'flex', alignItems: 'center', gap: '2px' },
});

export interface HolidaysSectionProps extends SettingsSectionProps {
  holidaySource?: HolidaySource;
  /** The year the import picker starts on (this year). */
  defaultYear: number;
}

export function HolidaysSection({ settings, onChange, problems, readOnly, holidaySource = dateHolidaysSource, defaultYear }: HolidaysSectionProps) {
  const styles = useStyles();
  const [date, setDate] = useState('');
  const [countries, setCountries] = useState<HolidayCountry[] | null>(null);
  const [country, setCountry] = useState('');
  const [year, setYear] = useState(String(defaultYear));
  const [importState, setImportState] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });

  const addDates = (dates: string[]) => {
    const merged = [...new Set([...settings.holidays, ...dates])].sort();
    onChange({ ...settings, holidays: merged });
    return merged.length - settings.holidays.length;
  };

  const loadCountries = () => {
    if (countries) return;
    holidaySource.countries().then(setCountries, (error: unknown) =>
      setImportState({ busy: false, message: `The holiday list could not be loaded: ${error instanceof Error ? error.message : String(error)}` }));
  };
  useEffect(() => { if (!readOnly) loadCountries(); });

  const importHolidays = async () => {
    const yearNumber = Number(year);
    if (country === '' || !Number.isInteger(yearNumber) || yearNumber < 1970 || yearNumber > 2100) {
      setImportState({ busy: false, message: 'Pick a country and a year between 1970 and 2100.' });
      return;
    }
    setImportState({ busy: true, message: null });
    try {
      const dates = await holidaySource.publicHolidays(country, yearNumber);
      const added = addDates(dates);
      const name = countries?.find((c) => c.code === country)?.name ?? country;
      setImportState({ busy: false, message: `Added ${added} public holiday${added === 1 ? '' : 's'} for ${name} ${yearNumber} (${dates.length - added} already listed).` });
    } catch (error) {
      setImportState({ busy: false, message: `The import failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  return (
    <div className={styles.column}>
      <Text as="h3" size={400} weight="semibold">Holidays</Text>
      <Text>Holidays before today stay as they were, since clocks already counted them: removing one keeps it, and adding one is not applied.</Text>
      <ul className={styles.list} aria-label="Holidays">
        {settings.holidays.length === 0 && <li><Text>No holidays yet.</Text></li>}
        {settings.holidays.map((holiday, index) => (
          <li key={holiday + index} className={styles.chip}>
            <Text>{holiday}</Text>
            {!readOnly && <Button size="small" appearance="subtle" aria-label={`Remove holiday ${holiday}`} onClick={() => onChange({ ...settings, holidays: settings.holidays.filter((_h, i) => i !== index) })}>✕</Button>}
            {messageFor(problems, `holidays.${index}`) && <Text role="alert">{messageFor(problems, `holidays.${index}`)}</Text>}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <>
          <div className={styles.row}>
            <Field label="Holiday date"><Input type="date" value={date} onChange={(_e, d) => setDate(d.value)} /></Field>
            <Button disabled={date === ''} onClick={() => { addDates([date]); setDate(''); }}>Add holiday</Button>
          </div>
          <div className={styles.row}>
            <Field label="Country">
              <Select value={country} onChange={(_e, d) => setCountry(d.value)} disabled={countries === null}>
                <option value="">{countries === null ? 'Loading countries…' : 'Choose a country'}</option>
                {countries?.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
              </Select>
            </Field>
            <Field label="Year"><Input type="number" value={year} onChange={(_e, d) => setYear(d.value)} /></Field>
            <Button onClick={() => void importHolidays()} disabled={importState.busy || country === ''}>Import public holidays</Button>
            {importState.busy && <Spinner size="tiny" label="Importing…" />}
          </div>
          {importState.message && <Text role="status">{importState.message}</Text>}
        </>
      )}
    </div>
  );
}
