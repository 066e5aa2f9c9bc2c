import type { Kysely } from 'kysely';
import { DEFAULT_WARNING_CHOICE, WARNING_CHOICES, type WarningChoice } from '../app/records';
import type { WarningPreferenceStore } from '../app/store-ports';
import { BATCH_ROWS, chunks } from './batches';
import type { DatabaseSchema } from './database-schema';

/**
 * Each person's choice of what reaches their Teams activity feed (`warning_preferences`, migration 0010). Only people
 * who chose have a row; everybody else reads as {@link DEFAULT_WARNING_CHOICE}.
 */
export class KyselyWarningPreferenceStore implements WarningPreferenceStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async get(tenantId: string, personId: string): Promise<WarningChoice> {
    const row = await this.db
      .selectFrom('warning_preferences')
      .select('choice')
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row === undefined ? DEFAULT_WARNING_CHOICE : storedChoice(row.choice);
  }

  async getMany(tenantId: string, personIds: readonly string[]): Promise<Map<string, WarningChoice>> {
    const out = new Map<string, WarningChoice>(personIds.map((id) => [id, DEFAULT_WARNING_CHOICE]));
    // Bounded IN lists: a dispatcher may ask for thousands of recipients at once.
    for (const ids of chunks([...out.keys()], BATCH_ROWS)) {
      const rows = await this.db
        .selectFrom('warning_preferences')
        .select(['person_id', 'choice'])
        .where('tenant_id', '=', tenantId)
        .where('person_id', 'in', ids)
        .execute();
      for (const row of rows) out.set(row.person_id, storedChoice(row.choice));
    }
    return out;
  }

  async put(tenantId: string, personId: string, choice: WarningChoice, now: Date): Promise<void> {
    await this.db
      .insertInto('warning_preferences')
      .values({ tenant_id: tenantId, person_id: personId, choice, updated_at: now.getTime() })
      .onConflict((oc) => oc.columns(['tenant_id', 'person_id']).doUpdateSet((eb) => ({ choice: eb.ref('excluded.choice'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
  }
}

/** The column has a check constraint; a value outside it is the server's fault (a 500), never silently the default. */
function storedChoice(value: string): WarningChoice {
  const choice = WARNING_CHOICES.find((c) => c === value);
  if (choice === undefined) throw new Error(`A stored warning choice is not one of ${WARNING_CHOICES.join(', ')}.`);
  return choice;
}
