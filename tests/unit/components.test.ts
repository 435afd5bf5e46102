import { Procedure, RequiredDocument } from '../../domain/catalogue';
import { checkComponents, missingComponents } from '../../domain/components';

// The criminal-record certificate's components as the seed has them (NĐ 216/2026/NĐ-CP, Art. 22).
const lltp = {
  requiredDocuments: [
    { code: 'to-khai', name: 'Tờ khai' },
    { code: 'giay-to-tuy-than', name: 'Bản chụp giấy tờ tùy thân' },
    { code: 'van-ban-uy-quyen', name: 'Văn bản ủy quyền', requirement: 'conditional', condition: 'Nếu yêu cầu cấp Phiếu cho người khác' },
    { code: 'giay-to-mien-giam-phi', name: 'Giấy tờ chứng minh miễn, giảm phí', requirement: 'conditional', condition: 'Nếu thuộc diện miễn, giảm phí' },
  ].map((d) => RequiredDocument.parse(d)),
};
const codes = (ds: { code: string }[]) => ds.map((d) => d.code);

describe('conditional components (domain.md §4 "Components may be conditional")', () => {
  it('requires only the mandatory components when no condition applies: the applicant comes in person', () => {
    const c = checkComponents(lltp, ['to-khai', 'giay-to-tuy-than'], []);
    expect(codes(c.required)).toEqual(['to-khai', 'giay-to-tuy-than']);
    expect(c.missing).toEqual([]);
    expect(codes(c.received)).toEqual(['to-khai', 'giay-to-tuy-than']);
    expect(c.applicable).toEqual([]);
  });

  it('requires an applicable conditional component, and names it when it is absent', () => {
    const c = checkComponents(lltp, ['to-khai', 'giay-to-tuy-than'], ['van-ban-uy-quyen']);
    expect(codes(c.required)).toEqual(['to-khai', 'giay-to-tuy-than', 'van-ban-uy-quyen']);
    expect(c.missing).toEqual([
      { code: 'van-ban-uy-quyen', name: 'Văn bản ủy quyền', requirement: 'conditional', condition: 'Nếu yêu cầu cấp Phiếu cho người khác' },
    ]);
    expect(codes(c.applicable)).toEqual(['van-ban-uy-quyen']);
  });

  it('is complete with an applicable conditional component present', () => {
    const c = checkComponents(lltp, ['van-ban-uy-quyen', 'to-khai', 'giay-to-tuy-than'], ['van-ban-uy-quyen']);
    expect(c.missing).toEqual([]);
    expect(codes(c.received)).toEqual(['to-khai', 'giay-to-tuy-than', 'van-ban-uy-quyen']); // the procedure's order
    expect(c.beyondRequired).toEqual([]);
  });

  it('accepts a conditional component brought though it does not apply, and lists it beyond what is required', () => {
    const c = checkComponents(lltp, ['to-khai', 'giay-to-tuy-than', 'giay-to-mien-giam-phi'], []);
    expect(c.missing).toEqual([]);
    expect(codes(c.received)).toEqual(['to-khai', 'giay-to-tuy-than', 'giay-to-mien-giam-phi']);
    expect(codes(c.beyondRequired)).toEqual(['giay-to-mien-giam-phi']);
  });

  it('names every missing mandatory and applicable conditional component, in the procedure order', () => {
    expect(codes(missingComponents(lltp, [], ['giay-to-mien-giam-phi', 'van-ban-uy-quyen']))).toEqual([
      'to-khai',
      'giay-to-tuy-than',
      'van-ban-uy-quyen',
      'giay-to-mien-giam-phi',
    ]);
    expect(codes(missingComponents(lltp, ['giay-to-tuy-than'], []))).toEqual(['to-khai']);
  });

  it('reports codes said to apply that are no conditional component: a mandatory one, or an unknown one', () => {
    const c = checkComponents(lltp, ['to-khai', 'giay-to-tuy-than'], ['to-khai', 'no-such', 'van-ban-uy-quyen']);
    expect(c.notConditional).toEqual(['to-khai', 'no-such']);
    // The rule still judges the valid ones.
    expect(codes(c.missing)).toEqual(['van-ban-uy-quyen']);
    expect(checkComponents(lltp, [], []).notConditional).toEqual([]);
  });

  it('reports documents that are no component of the procedure', () => {
    expect(checkComponents(lltp, ['to-khai', 'giay-to-tuy-than', 'ho-chieu'], []).unknownDocuments).toEqual(['ho-chieu']);
  });

  it('counts a code given twice once, in documents and in conditionalApplies', () => {
    const c = checkComponents(lltp, ['to-khai', 'to-khai', 'giay-to-tuy-than', 'x', 'x'], ['van-ban-uy-quyen', 'van-ban-uy-quyen', 'y', 'y']);
    expect(codes(c.received)).toEqual(['to-khai', 'giay-to-tuy-than']);
    expect(codes(c.applicable)).toEqual(['van-ban-uy-quyen']);
    expect(codes(c.missing)).toEqual(['van-ban-uy-quyen']);
    expect(c.unknownDocuments).toEqual(['x']);
    expect(c.notConditional).toEqual(['y']);
  });
});

describe('RequiredDocument', () => {
  it('reads a stored component without a requirement as mandatory', () => {
    expect(RequiredDocument.parse({ code: 'to-khai', name: 'Tờ khai' })).toEqual({ code: 'to-khai', name: 'Tờ khai', requirement: 'mandatory' });
    const stored = Procedure.shape.requiredDocuments.parse([{ code: 'a', name: 'A' }]);
    expect(stored[0].requirement).toBe('mandatory');
  });

  it('needs a condition exactly when the component is conditional', () => {
    expect(RequiredDocument.safeParse({ code: 'a', name: 'A', requirement: 'conditional' }).success).toBe(false);
    expect(RequiredDocument.safeParse({ code: 'a', name: 'A', condition: 'nếu có' }).success).toBe(false);
    expect(RequiredDocument.safeParse({ code: 'a', name: 'A', requirement: 'conditional', conditionEn: 'if any' }).success).toBe(false);
    expect(RequiredDocument.parse({ code: 'a', name: 'A', requirement: 'conditional', condition: 'Nếu có', conditionEn: 'if any' })).toEqual({
      code: 'a',
      name: 'A',
      requirement: 'conditional',
      condition: 'Nếu có',
      conditionEn: 'if any',
    });
  });
});
