import knex, { type Knex } from 'knex';
import path from 'node:path';
import { types } from 'pg';

// DATE columns stay civil dates (YYYY-MM-DD) instead of becoming midnight instants in the server's zone.
types.setTypeParser(types.builtins.DATE, (value: string) => value);
// COUNT(*) and other bigints as numbers: our counts are far below 2^53.
types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));
types.setTypeParser(types.builtins.NUMERIC, (value: string) => Number(value));

export function createDb(connectionString: string, pool: { min?: number; max?: number } = {}): Knex {
  return knex({
    client: 'pg',
    connection: connectionString,
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    migrations: {
      directory: path.join(__dirname, 'migrations'),
      loadExtensions: ['.ts', '.js'],
      extension: 'ts',
    },
  });
}

/** Applies the schema migrations (idempotent; knex locks concurrent runs). */
export async function migrate(db: Knex): Promise<void> {
  await db.migrate.latest();
}
