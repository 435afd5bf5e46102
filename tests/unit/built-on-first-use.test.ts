import { z } from 'zod';
import { ActionBody, ActionName } from '../../domain/actions';
import { builtOnFirstUse } from '../../domain/built-on-first-use';

describe('builtOnFirstUse', () => {
  test('builds a member at its first read, once, and never one that is not read', () => {
    const built: string[] = [];
    const record = builtOnFirstUse({
      a: () => (built.push('a'), { name: 'a' }),
      b: () => (built.push('b'), { name: 'b' }),
    });
    expect(built).toEqual([]);
    const first = record.a;
    expect(record.a).toBe(first);
    expect(first).toEqual({ name: 'a' });
    expect(built).toEqual(['a']);
  });

  test('lists its members as a literal does, and cannot be reassigned', () => {
    const record = builtOnFirstUse({ a: () => 1, b: () => 2 });
    expect(Object.keys(record)).toEqual(['a', 'b']);
    expect(Object.entries(record)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(() => Object.assign(record, { a: 3 })).toThrow(TypeError);
    expect(record.a).toBe(1);
  });
});

test("every action's body schema is there, one per action, the same object at every read", () => {
  expect(Object.keys(ActionBody).sort()).toEqual([...ActionName.options].sort());
  for (const action of ActionName.options) {
    expect(ActionBody[action]).toBeInstanceOf(z.ZodType);
    expect(ActionBody[action]).toBe(ActionBody[action]);
  }
  expect(ActionBody.submit.safeParse({ outcome: 'approved', summary: 'Hồ sơ hợp lệ' }).success).toBe(true);
  expect(ActionBody.submit.safeParse({ outcome: 'maybe', summary: 'x' }).success).toBe(false);
});
