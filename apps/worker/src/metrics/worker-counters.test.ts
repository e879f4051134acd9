import { describe, expect, it } from 'vitest';
import { createCounters, renderCounters } from './worker-counters.js';

describe('renderCounters', () => {
  it('renders every counter in Prometheus text format', () => {
    const counters = createCounters();
    counters.usageLateEvents = 3;
    const text = renderCounters(counters);
    expect(text).toContain('# TYPE tollgate_worker_usage_late_events_total counter\n');
    expect(text).toMatch(/^tollgate_worker_usage_late_events_total 3$/m);
    expect(text.match(/^tollgate_worker_\w+_total \d+$/gm)).toHaveLength(Object.keys(counters).length);
  });
});
