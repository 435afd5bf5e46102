import { formatPatchUsage, patchUsage } from '../../ops/patch-usage';
import { waitFor } from '../../scripts/lib/local-services';
import { PATCHES } from '../../workflows/versions';
import { act, receive, useApi } from '../support/fixtures';

const s = useApi();

describe('which open dossiers run which patches (npm run ops:patch-usage)', () => {
  it('counts every open dossier with each patch of its version, and leaves closed ones out', async () => {
    const open = [(await receive(s.h, s.f, s.t.clerk).expect(201)).body.code, (await receive(s.h, s.f, s.t.clerk).expect(201)).body.code];
    const closed = (await receive(s.h, s.f, s.t.clerk).expect(201)).body.code;
    await act(s.h, s.t.officer, closed, 'claim').expect(200);
    await act(s.h, s.t.clerk, closed, 'withdraw', { reason: 'Công dân xin rút' }).expect(200);
    const codes = [...open, closed];
    // Visibility is eventually consistent: wait until the list shows the two open ones and not the closed one.
    let usage = await patchUsage(s.h.client, { codes });
    await waitFor(
      async () => {
        usage = await patchUsage(s.h.client, { codes });
        if (usage.open !== 2) throw new Error(`listed ${usage.open} open`);
      },
      20_000,
      'the visibility list of the two open dossiers',
    );
    expect(usage.unanswered).toEqual([]);
    for (const p of PATCHES) {
      // Dossiers started now run every patch; the lazy one is asked only when its case arises.
      expect(usage.patches.find((c) => c.id === p.id)).toEqual(
        'lazy' in p ? { id: p.id, since: p.since, with: 0, without: 0, notYetAsked: 2, examplesWithout: [] } : { id: p.id, since: p.since, with: 2, without: 0, notYetAsked: 0, examplesWithout: [] },
      );
    }
    expect(formatPatchUsage(usage)).toContain('open dossiers: 2, unanswered: 0');
    expect(formatPatchUsage(usage)).toMatch(/deadline-timers +v2 +with +2 +without +0 .*may be deprecated/);
  });
});
