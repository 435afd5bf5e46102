import { codeDay, formatDossierCode, parseDossierCode } from '../../domain/dossier-code';

describe('dossier codes', () => {
  it.each([
    ['000.00.10.H26', '2025-04-01', 7, '000.00.10.H26-250401-0007'],
    ['000.01.00.H26', '2026-12-31', 1, '000.01.00.H26-261231-0001'],
    ['000.01.00.H26', '2026-01-05', 12345, '000.01.00.H26-260105-12345'],
  ])('%s on %s, number %d → %s', (unit, date, n, code) => {
    expect(formatDossierCode(unit, date, n)).toBe(code);
    expect(parseDossierCode(code)).toEqual({ unitCode: unit, civilDate: date, n });
  });

  it('rejects a sequence number that is not a positive integer', () => {
    expect(() => formatDossierCode('U', '2026-01-01', 0)).toThrow(RangeError);
    expect(() => formatDossierCode('U', '2026-01-01', 1.5)).toThrow(RangeError);
  });

  it('keys the per-day counter by yyMMdd', () => {
    expect(codeDay('2026-11-25')).toBe('261125');
    expect(parseDossierCode('not a code')).toBeNull();
  });
});
