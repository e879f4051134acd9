/**
 * A fixed-bucket histogram (Prometheus `le` buckets, cumulative at render time).
 * Observing is a short scan over a typed array: no allocation per observation.
 */
export class Histogram {
  /** Per bucket (non-cumulative), plus one for +Inf at the end. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }

  /** Prometheus text lines for this histogram, `labels` already rendered (`a="b",…` or `''`). */
  render(name: string, labels: string, out: string[]): void {
    const sep = labels === '' ? '' : ',';
    let cumulative = 0;
    for (let i = 0; i < this.bounds.length; i++) {
      cumulative += this.counts[i]!;
      out.push(`${name}_bucket{${labels}${sep}le="${this.bounds[i]}"} ${cumulative}`);
    }
    cumulative += this.counts[this.bounds.length]!;
    out.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${cumulative}`);
    const braces = labels === '' ? '' : `{${labels}}`;
    out.push(`${name}_sum${braces} ${this.sum}`);
    out.push(`${name}_count${braces} ${this.count}`);
  }
}

/** Label value escaping of the Prometheus text format. */
export function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
