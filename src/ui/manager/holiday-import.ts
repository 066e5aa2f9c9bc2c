/**
 * Public holidays from date-holidays (a maintained holiday library), loaded on demand with a dynamic import so its
 * country data (hundreds of KB) never weighs on the dashboard's bundle.
 */

export interface HolidayCountry {
  code: string;
  name: string;
}

/** Where the standards editor gets countries and public holidays from; tests may pass the real one or their own. */
export interface HolidaySource {
  countries(): Promise<HolidayCountry[]>;
  /** That year's public holidays (type 'public') in the country, as local dates 'YYYY-MM-DD', sorted, no duplicates. */
  publicHolidays(countryCode: string, year: number): Promise<string[]>;
}

type HolidaysConstructor = typeof import('date-holidays').default;

async function loadLibrary(): Promise<HolidaysConstructor> {
  const loaded = (await import(/* webpackChunkName: "date-holidays" */ 'date-holidays')) as unknown as { default?: HolidaysConstructor } & HolidaysConstructor;
  // ESM builds expose the class as `default`; the CommonJS build (jest) is the class itself.
  return loaded.default ?? loaded;
}

/** The date-holidays backed source. */
export const dateHolidaysSource: HolidaySource = {
  async countries() {
    const Holidays = await loadLibrary();
    return Object.entries(new Holidays().getCountries('en'))
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
  async publicHolidays(countryCode, year) {
    const Holidays = await loadLibrary();
    const calendar = new Holidays(countryCode);
    // `date` is the local date and time of the holiday's start, 'YYYY-MM-DD hh:mm:ss' (not UTC), so its first ten
    // characters are the local calendar date the team's working calendar needs.
    const dates = (calendar.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10));
    return [...new Set(dates)].sort();
  },
};
