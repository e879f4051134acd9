import { describe, expect, it } from 'vitest';
import {
  dayMs,
  dayOf,
  partitionDay,
  partitionName,
  retentionCutoff,
} from './request-log-partitions.repository.js';

describe('request log partition names', () => {
  it('names a day partition by its UTC date and reads the day back', () => {
    const day = Date.UTC(2026, 10, 23);
    expect(partitionName(day)).toBe('request_log_p20261123');
    expect(partitionDay('request_log_p20261123')).toBe(day);
    expect(partitionDay('request_log')).toBeNull();
    expect(dayOf(day + dayMs - 1)).toBe(day);
  });

  it('keeps today and the retention days before it', () => {
    const now = Date.UTC(2026, 10, 23, 15);
    expect(retentionCutoff(now, 7)).toBe(Date.UTC(2026, 10, 16));
  });
});
