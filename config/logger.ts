import pino from 'pino';

/** Structured logs. Never log applicants' personal data: log dossier codes and unit ids only. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: { paths: ['applicant', '*.applicant', 'req.headers.authorization', 'pin', '*.pin'], remove: true },
});
