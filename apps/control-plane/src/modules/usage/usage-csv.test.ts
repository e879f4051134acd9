import { describe, expect, it } from 'vitest';
import { emptyBucket } from './usage-buckets.js';
import { usageCsv } from './usage-csv.js';

const day = {
  granularity: 'day' as const,
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-01-02T00:00:00.000Z',
};

describe('usage CSV', () => {
  it('writes a header row, the grouped columns in query order, and CRLF line ends', () => {
    const bucket = {
      ...emptyBucket(Date.parse('2026-01-01T00:00:00Z')),
      keyId: 'key,1',
      apiId: null,
      calls: 3,
    };
    const csv = usageCsv({ ...day, groupBy: ['key', 'api'], data: [bucket] });
    expect(csv.split('\r\n')).toEqual([
      'start,keyId,apiId,calls,billableCalls,quotaCalls,deniedCalls,calls1xx,calls2xx,calls3xx,calls4xx,calls5xx,latencyAvgMs,latencyP50Ms,latencyP95Ms,latencyP99Ms',
      '2026-01-01T00:00:00.000Z,"key,1",,3,0,0,0,0,0,0,0,0,,,,',
      '',
    ]);
  });

  it('usage-csv.escapes: a grouped value is quoted and defused like every export; numbers stay numbers', () => {
    const bucket = {
      ...emptyBucket(Date.parse('2026-01-01T00:00:00Z')),
      consumerId: '=HYPERLINK("x")',
      calls: 7,
    };
    const [, line] = usageCsv({ ...day, groupBy: ['consumer'], data: [bucket] }).split('\r\n');
    expect(line?.split(',').slice(0, 3)).toEqual(['2026-01-01T00:00:00.000Z', `"'=HYPERLINK(""x"")"`, '7']);
  });

  it('an empty answer is the header row alone', () => {
    expect(usageCsv({ ...day, groupBy: [], data: [] })).toMatch(/^start,calls,[^\r\n]*\r\n$/);
  });
});
