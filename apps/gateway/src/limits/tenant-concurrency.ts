/**
 * Calls in progress per tenant on this process, so one tenant's flood (or slow upstream)
 * cannot take every socket and event-loop turn from the others. In-process on purpose:
 * it protects this process; a cluster-wide cap would cost a Redis round trip each way.
 */
export class TenantConcurrency {
  private readonly inFlight = new Map<string, number>();

  tryAcquire(tenantId: string, max: number): boolean {
    const current = this.inFlight.get(tenantId) ?? 0;
    if (current >= max) return false;
    this.inFlight.set(tenantId, current + 1);
    return true;
  }

  release(tenantId: string): void {
    const current = this.inFlight.get(tenantId) ?? 0;
    if (current <= 1) this.inFlight.delete(tenantId);
    else this.inFlight.set(tenantId, current - 1);
  }

  current(tenantId: string): number {
    return this.inFlight.get(tenantId) ?? 0;
  }
}
