/* eslint-disable no-control-regex -- finding control characters is what these patterns are for */
import { z } from 'zod';

/**
 * The shapes of the strings the API takes in, each written once: the request schemas validate with them and
 * the OpenAPI document shows them (as `pattern` and `maxLength`), so the two cannot disagree. None admits an
 * ASCII control character (PostgreSQL refuses NUL; api/hostile-input.ts is the backstop).
 *
 * The patterns use only what ECMAScript, Python and Rust regexes read alike (no `\w`, `\s`, `\d` or
 * lookarounds, whose meanings differ), so a client generating from the document meets the same rule.
 * Lengths of free text count Unicode code points, as JSON Schema's `maxLength` does (JavaScript's `length`
 * counts UTF-16 units).
 */

/** Unit ids, procedure and document codes: `branch-tay-ho`, `HN-LLTP`, `000.00.10.H26`. */
export const Identifier = z.string().regex(/^[A-Za-z0-9_.:@-]{1,100}$/, 'letters, digits and _ . : @ - (1 to 100)');

/** Dossier codes: `{unit code}-{yyMMdd}-{NNNN}`, or what an imported dossier brought (domain/dossier-code.ts). */
export const DossierCode = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'a dossier code: letters, digits and _ . - (1 to 100)');

const ASCII_SPACE_AT_ENDS = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const codePoints = (s: string): number => [...s].length;

/**
 * Free text on one line (names, addresses): at least one visible character, no control character, at most
 * `max` code points; spaces at the ends are dropped.
 */
export function line(max: number) {
  return z
    .string()
    .regex(/^ *[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$/, 'text on one line, with a visible character and no control character')
    .refine((s) => codePoints(s) <= max, `at most ${max} characters`)
    .overwrite((s) => s.replace(ASCII_SPACE_AT_ENDS, ''))
    .meta({ maxLength: max });
}

/** Free text that may run over lines (reasons, notes): as `line`, with tabs and line breaks allowed. */
export function text(max: number) {
  return z
    .string()
    .regex(/^[\t\n\r ]*[^\x00-\x20\x7f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, 'text with a visible character and no control character other than tab and line breaks')
    .refine((s) => codePoints(s) <= max, `at most ${max} characters`)
    .overwrite((s) => s.replace(ASCII_SPACE_AT_ENDS, ''))
    .meta({ maxLength: max });
}

/**
 * An instant as RFC 3339 writes it, with its offset: `2026-04-01T08:30:00+07:00`, `…T01:30:00.5Z`, in the
 * years 1900–2099. The pattern bounds every field; the refinement only turns away days a month does not
 * have (as the `date-time` format does).
 */
export const RequestInstant = z
  .string()
  .regex(
    /^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$/,
    'an RFC 3339 instant with its offset, e.g. 2026-04-01T08:30:00+07:00',
  )
  .refine((s) => isCalendarDate(s.slice(0, 10)), 'not a calendar date')
  .meta({ format: 'date-time' });

/** A civil date, `YYYY-MM-DD`, in the years 1900–2099. */
export const CivilDate = z
  .string()
  .regex(/^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'expected YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date')
  .meta({ format: 'date' });

function isCalendarDate(d: string): boolean {
  const [y, m, day] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, day));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
}
