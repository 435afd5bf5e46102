import { csvField, csvLine } from '../../api/export';

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Chi nhánh Cầu Giấy – Thanh Xuân', 'Chi nhánh Cầu Giấy – Thanh Xuân'],
  ])('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('keeps numbers, booleans and empty cells as they are', () => {
    expect(csvLine([-3, 0.5, true, null, undefined, ''])).toBe('-3,0.5,true,,,\r\n');
  });
});
