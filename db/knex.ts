import knex, { type Knex } from 'knex';
import fs from 'node:fs';
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
    migrations: { migrationSource: new MigrationSource(path.join(__dirname, 'migrations')) },
  });
}

/**
 * Migrations named without their extension, so that a database migrated from the TypeScript sources (npm
 * start, tests) and one migrated by the compiled image (dist/*.js) agree on what has run.
 */
class MigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly directory: string) {}
  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(this.directory)
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
  }
  getMigrationName(file: string): string {
    return file.replace(/\.(ts|js)$/, '');
  }
  async getMigration(file: string): Promise<Knex.Migration> {
    return import(path.join(this.directory, file)) as Promise<Knex.Migration>;
  }
}

/** Applies the schema migrations (idempotent; knex locks concurrent runs). */
export async function migrate(db: Knex): Promise<void> {
  await db.migrate.latest();
}
