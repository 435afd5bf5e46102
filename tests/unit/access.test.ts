import { dossierVisible, recordVisible, reportAccess, seesEverything } from '../../domain/access';

const dossier = { receivingBranchId: 'branch-a', returnBranchId: 'branch-b', departmentId: 'dept-x' };

describe('one access policy (domain/access.ts)', () => {
  it('the center sees everything; anyone else through the scope of their unit', () => {
    expect(seesEverything({ unitId: 'center' })).toBe(true);
    expect(seesEverything({ unitId: 'branch-a' })).toBe(false);
  });

  it.each([
    [null, true],
    [['branch-a', 'point-a1'], true], // where it was received
    [['branch-b'], true], // where the result goes back
    [['dept-x'], true], // who decides it
    [['branch-c', 'dept-y'], false],
    [[], false],
  ] as const)('a dossier is visible in scope %j: %s', (scope, seen) => {
    expect(dossierVisible(dossier, scope)).toBe(seen);
  });

  it('a reception record is visible in its unit and above it', () => {
    expect(recordVisible('point-a1', ['branch-a', 'point-a1'])).toBe(true);
    expect(recordVisible('point-a1', ['point-a2'])).toBe(false);
    expect(recordVisible('point-a1', null)).toBe(true);
  });

  it('reports: a leader their own department only; supervisors and admins their scope; nobody else', () => {
    expect(reportAccess({ role: 'leader', unitId: 'dept-x' }, {})).toEqual({ ok: true, departmentId: 'dept-x', receivingScopeOf: null });
    expect(reportAccess({ role: 'leader', unitId: 'dept-x' }, { departmentId: 'dept-y' }).ok).toBe(false);
    expect(reportAccess({ role: 'supervisor', unitId: 'branch-a' }, { departmentId: 'dept-y' })).toEqual({ ok: true, departmentId: 'dept-y', receivingScopeOf: 'branch-a' });
    expect(reportAccess({ role: 'admin', unitId: 'center' }, {})).toEqual({ ok: true, departmentId: null, receivingScopeOf: null });
    for (const role of ['clerk', 'officer', 'system'] as const) expect(reportAccess({ role, unitId: 'center' }, {}).ok).toBe(false);
  });
});
