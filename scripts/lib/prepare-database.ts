import { createDb, migrate } from '../../db/knex';
import { seedCatalogue } from '../../db/seeds/seed-catalogue';

/** Applies migrations and the catalogue seed (both idempotent). */
export async function prepareDatabase(url: string): Promise<void> {
  const db = createDb(url);
  try {
    await migrate(db);
    await seedCatalogue(db);
  } finally {
    await db.destroy();
  }
}
