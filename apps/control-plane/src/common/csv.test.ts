import { describe, expect, it } from 'vitest';
import { csvRecord } from './csv.js';

describe('csvRecord', () => {
  it('csv.quoting: commas, quotes and line breaks are quoted; null and undefined are empty', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3, undefined])).toBe(
      'a,"b,c","say ""hi""","two\nlines",,3,\r\n',
    );
  });

  it('csv.formula: a cell a spreadsheet would run as a formula is made plain text', () => {
    expect(csvRecord(['=1+1', '+1', '-2', '@SUM(A1)', 'ok=1'])).toBe("'=1+1,'+1,'-2,'@SUM(A1),ok=1\r\n");
    expect(csvRecord(['=HYPERLINK("x")'])).toBe('"\'=HYPERLINK(""x"")"\r\n');
    expect(csvRecord(['\tcmd', '\rcmd'])).toBe('\'\tcmd,"\'\rcmd"\r\n');
    // Numbers are numbers, even negative ones.
    expect(csvRecord([-2])).toBe('-2\r\n');
  });
});
