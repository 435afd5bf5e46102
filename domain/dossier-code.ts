/**
 * Dossier codes (domain.md §4): `{receiving unit's code}-{yyMMdd}-{NNNN}`, NNNN counting up per receiving
 * unit per civil day, e.g. `000.00.10.H26-250401-0007`.
 */
export function formatDossierCode(unitCode: string, civilDate: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sequence number must be a positive integer, got ${n}`);
  const [y, m, d] = civilDate.split('-');
  return `${unitCode}-${y.slice(2)}${m}${d}-${String(n).padStart(4, '0')}`;
}

const CODE = /^(.+)-(\d{2})(\d{2})(\d{2})-(\d{4,})$/;

export function parseDossierCode(code: string): { unitCode: string; civilDate: string; n: number } | null {
  const m = CODE.exec(code);
  if (!m) return null;
  return { unitCode: m[1], civilDate: `20${m[2]}-${m[3]}-${m[4]}`, n: Number(m[5]) };
}

/** The day part of a code, as the counter table keys it. */
export function codeDay(civilDate: string): string {
  return civilDate.slice(2).replace(/-/g, '');
}
