import { toHttpError } from '../../api/errors';

/**
 * PostgreSQL going away mid-request is a 503 the client may repeat, whatever the driver says about it — the quick
 * chaos run once got a 500 for a receipt whose transaction's ROLLBACK met a connection that had just died.
 * The messages are node-postgres's own (pg/lib/client.js) and knex's wrapping of them.
 */
describe('toHttpError: a database that went away is unavailable (503), not internal (500)', () => {
  it.each([
    'ROLLBACK - Client has encountered a connection error and is not queryable',
    'insert into "dossiers" … - Client has encountered a connection error and is not queryable',
    'Client was closed and is not queryable',
    'Connection terminated unexpectedly',
    'Knex: Timeout acquiring a connection. The pool is probably full.',
  ])('%s', (message) => {
    expect(toHttpError(new Error(message)).code).toBe('unavailable');
  });

  it('keeps a real bug a 500', () => {
    expect(toHttpError(new TypeError("Cannot read properties of undefined (reading 'code')")).code).toBe('internal');
  });
});
