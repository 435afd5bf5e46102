/**
 * `npm run migrate` (dev, via tsx) and `node dist/scripts/migrate.js` (the production image's one-shot
 * `migrate` service): applies the schema migrations and the catalogue seed to DATABASE_URL. Both steps are
 * idempotent, so running it on every deploy is safe; the API and the worker also migrate on start.
 */
import { logger } from '../config/logger';
import { prepareDatabase } from './lib/prepare-database';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set: it names the PostgreSQL database to migrate (postgres://user:pass@host:5432/db).');
    process.exit(2);
  }
  await prepareDatabase(url);
  logger.info('database migrated and catalogue seeded');
}

main().catch((err) => {
  logger.error({ err }, 'migration failed');
  process.exit(1);
});
