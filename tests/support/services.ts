/** The real services `npm test` started (scripts/with-services.ts), read from the environment. */
export function testServices(): { databaseUrl: string; temporalAddress: string; testServerPath: string } {
  const { DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_TEST_SERVER } = process.env;
  if (!DATABASE_URL || !TEMPORAL_ADDRESS || !TEMPORAL_TEST_SERVER) {
    throw new Error('These tests need the real servers: run them with `npm test` (scripts/with-services.ts starts them).');
  }
  return { databaseUrl: DATABASE_URL, temporalAddress: TEMPORAL_ADDRESS, testServerPath: TEMPORAL_TEST_SERVER };
}
