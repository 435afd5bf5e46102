import { act, receive, useApi } from '../support/fixtures';

/**
 * People by name where the console shows who did what (issue 11: "the timeline of every event with who and on
 * whose behalf"): a dossier's history names each actor, its view and the list name the assignee, from the staff
 * register. Tokens whose subject is no person on the register (a script's token) keep only their id.
 */
const s = useApi();

describe('staff names in the dossier views', () => {
  it('names the actor of each event and the assignee, in the dossier and in the list', async () => {
    const id = `officer-named-${Date.now()}`;
    await s.h.db('staff').insert({ id, username: id, name: 'Nguyễn Thị Thu Hà', active: true });
    const officer = await s.h.token('officer', s.f.procedure.departmentId, id);
    const code = (await receive(s.h, s.f, s.t.clerk).expect(201)).body.code as string;
    await act(s.h, officer, code, 'claim').expect(200);

    const view = (await s.h.api.get(`/api/v1/dossiers/${code}`).auth(officer, { type: 'bearer' }).expect(200)).body;
    expect(view.assignee).toBe(id);
    expect(view.assigneeName).toBe('Nguyễn Thị Thu Hà');
    const claim = view.history.find((e: { action: string }) => e.action === 'claim');
    expect(claim.actor.sub).toBe(id);
    expect(claim.actorName).toBe('Nguyễn Thị Thu Hà');
    // The receiving clerk's token is no person on the register: its id only, no invented name.
    const received = view.history.find((e: { action: string }) => e.action === 'receive');
    expect(received.actorName).toBeUndefined();

    const list = (await s.h.api.get('/api/v1/dossiers').auth(officer, { type: 'bearer' }).query({ task: 'mine', limit: '200' }).expect(200)).body;
    const row = list.items.find((d: { code: string }) => d.code === code);
    expect(row.assigneeName).toBe('Nguyễn Thị Thu Hà');
  });
});
