import { inTransaction, type PrismaClient, type TransactionClient } from '@tollgate/db';
import { type DerivedLevel, derivedLevels, deriveLevelSql } from './usage-derive.sql.js';

export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;
const stateName = 'rollups';

export interface DeriveOptions {
  /**
   * An hour is derived only once it ended this long ago (DB clock). Also how old a dirty mark
   * must be before it is dropped: longer than any batch transaction can last after its mark.
   */
  settleMs: number;
  /** Hours before the watermark recomputed on every run anyway (insurance; marks do the real work). */
  lookbackHours: number;
  /** Most hours one run derives while catching up (a fresh install with history takes several runs). */
  maxHoursPerRun: number;
  /** Hours per transaction while catching up. */
  chunkHours: number;
}

export interface DeriveResult {
  /** The watermark after the run (ISO); null when there is no usage yet. */
  derivedThrough: string | null;
  hoursDerived: number;
  daysDerived: number;
  dirtyHoursDerived: number;
  dirtyMarksCleared: number;
}

export interface DirtyHour {
  tenantId: string;
  /** Start of the hour, epoch ms. */
  hourMs: number;
}

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

/**
 * Hourly and daily rollups derived from the minute rollups (see `usage-derive.sql.ts`), the
 * watermark saying how far they go (`usage_derivation_state`), and the dirty marks of hours
 * that received minutes after they may have been derived (`usage_dirty_hours`).
 */
export class UsageDerivationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Marks hours a batch is about to write, for hours already over. Its own statement, run
   * BEFORE the batch transaction: a mark without its batch (the batch failed) only costs a
   * recompute, a batch without its mark could leave a derived hour stale. Sorted, so two
   * markers lock rows in the same order.
   */
  async markDirty(hours: readonly DirtyHour[]): Promise<void> {
    if (hours.length === 0) return;
    const sorted = [...hours].sort((a, b) =>
      a.tenantId === b.tenantId ? a.hourMs - b.hourMs : a.tenantId < b.tenantId ? -1 : 1,
    );
    await this.prisma.$executeRaw`
      INSERT INTO usage_dirty_hours (tenant_id, hour, marked_at)
      SELECT d.tenant_id, to_timestamp(d.hour_ms / 1000.0), now()
      FROM unnest(${sorted.map((h) => h.tenantId)}::text[], ${sorted.map((h) => h.hourMs)}::float8[])
        WITH ORDINALITY AS d(tenant_id, hour_ms, position)
      ORDER BY d.position
      ON CONFLICT (tenant_id, hour) DO UPDATE SET marked_at = now()`;
  }

  /** Catches the watermark up (bounded per run), then recomputes the dirty hours behind it. */
  async derive(options: DeriveOptions): Promise<DeriveResult> {
    const result: DeriveResult = {
      derivedThrough: null,
      hoursDerived: 0,
      daysDerived: 0,
      dirtyHoursDerived: 0,
      dirtyMarksCleared: 0,
    };
    let lookback = options.lookbackHours;
    while (result.hoursDerived < options.maxHoursPerRun) {
      const step = await inTransaction(this.prisma, (tx) => this.catchUpChunk(tx, options, lookback), {
        timeoutMs: 10 * 60_000,
      });
      lookback = 0;
      result.derivedThrough = step.derivedThrough;
      result.hoursDerived += step.hours;
      result.daysDerived += step.days;
      if (step.done) break;
    }
    const dirty = await inTransaction(this.prisma, (tx) => this.deriveDirty(tx, options), {
      timeoutMs: 10 * 60_000,
    });
    result.dirtyHoursDerived = dirty.hours;
    result.dirtyMarksCleared = dirty.cleared;
    return result;
  }

  /**
   * One transaction: hours [watermark − lookback, min(watermark + chunk, target)), then every
   * day that ends inside what was recomputed and is complete, then the new watermark. The
   * state row is locked first, so two runs take turns (and both results would be the same).
   */
  private async catchUpChunk(
    tx: TransactionClient,
    options: DeriveOptions,
    lookbackHours: number,
  ): Promise<{ derivedThrough: string | null; hours: number; days: number; done: boolean }> {
    const [clock] = await tx.$queryRaw<Array<{ now: Date }>>`SELECT now() AS now`;
    const nowMs = (clock?.now ?? new Date()).getTime();
    const targetMs = floorTo(nowMs - options.settleMs, hourMs);
    const state = (await this.lockState(tx)) ?? (await this.createState(tx, targetMs));
    const watermarkMs = state.getTime();
    const fromMs = watermarkMs - lookbackHours * hourMs;
    const toMs = Math.min(targetMs, watermarkMs + options.chunkHours * hourMs);
    if (toMs <= fromMs) {
      return { derivedThrough: new Date(watermarkMs).toISOString(), hours: 0, days: 0, done: true };
    }
    const newWatermarkMs = Math.max(watermarkMs, toMs);
    await this.deriveHours(tx, fromMs, toMs);
    // Days whose last hour was recomputed and that are complete under the new watermark.
    const firstDayMs = floorTo(fromMs, dayMs);
    const lastDayEndMs = floorTo(Math.min(toMs, newWatermarkMs), dayMs);
    if (lastDayEndMs > firstDayMs) await this.deriveDays(tx, firstDayMs, lastDayEndMs);
    await tx.$executeRaw`
      UPDATE usage_derivation_state SET derived_through = ${new Date(newWatermarkMs)}, updated_at = now()
      WHERE name = ${stateName}`;
    return {
      derivedThrough: new Date(newWatermarkMs).toISOString(),
      hours: (toMs - fromMs) / hourMs,
      days: Math.max(0, (lastDayEndMs - firstDayMs) / dayMs),
      done: toMs >= targetMs,
    };
  }

  /**
   * Recomputes each marked hour behind the watermark for its tenant (and its day when the day
   * is complete), then drops the marks older than `settleMs`: a younger mark may belong to a
   * batch still in flight, so it stays and its hour is recomputed again next run.
   */
  private async deriveDirty(
    tx: TransactionClient,
    options: DeriveOptions,
  ): Promise<{ hours: number; cleared: number }> {
    const watermark = await this.lockState(tx);
    if (!watermark) return { hours: 0, cleared: 0 };
    const watermarkMs = watermark.getTime();
    const marks = await tx.$queryRaw<Array<{ tenant_id: string; hour: Date }>>`
      SELECT tenant_id, hour FROM usage_dirty_hours WHERE hour < ${watermark}
      ORDER BY tenant_id, hour`;
    const days = new Set<string>();
    for (const mark of marks) {
      const startMs = mark.hour.getTime();
      await this.deriveHours(tx, startMs, startMs + hourMs, mark.tenant_id);
      const dayStartMs = floorTo(startMs, dayMs);
      if (dayStartMs + dayMs <= watermarkMs) days.add(`${mark.tenant_id}\u0000${dayStartMs}`);
    }
    for (const day of days) {
      const [tenantId, dayStart] = day.split('\u0000') as [string, string];
      await this.deriveDays(tx, Number(dayStart), Number(dayStart) + dayMs, tenantId);
    }
    const cleared = await tx.$executeRaw`
      DELETE FROM usage_dirty_hours
      WHERE hour < ${watermark}
        AND marked_at < now() - make_interval(secs => ${options.settleMs / 1000})`;
    return { hours: marks.length, cleared };
  }

  /** The watermark, its row locked for the transaction; null before the first run. */
  private async lockState(tx: TransactionClient): Promise<Date | null> {
    const [state] = await tx.$queryRaw<Array<{ derived_through: Date }>>`
      SELECT derived_through FROM usage_derivation_state WHERE name = ${stateName} FOR UPDATE`;
    return state?.derived_through ?? null;
  }

  /** First run: start at the hour of the oldest minute (one full scan, once), else at `targetMs`. */
  private async createState(tx: TransactionClient, targetMs: number): Promise<Date> {
    const [first] = await tx.$queryRaw<Array<{ first: Date | null }>>`
      SELECT min(minute) AS first FROM usage_rollups`;
    const startMs = floorTo(first?.first?.getTime() ?? targetMs, hourMs);
    await tx.$executeRaw`
      INSERT INTO usage_derivation_state (name, derived_through, updated_at)
      VALUES (${stateName}, ${new Date(startMs)}, now())
      ON CONFLICT (name) DO NOTHING`;
    return (await this.lockState(tx)) ?? new Date(startMs);
  }

  private async deriveHours(tx: TransactionClient, fromMs: number, toMs: number, tenantId?: string) {
    await this.run(tx, derivedLevels.hourly, fromMs, toMs, tenantId);
    await this.run(tx, derivedLevels.routeHourly, fromMs, toMs, tenantId);
  }

  private async deriveDays(tx: TransactionClient, fromMs: number, toMs: number, tenantId?: string) {
    await this.run(tx, derivedLevels.daily, fromMs, toMs, tenantId);
    await this.run(tx, derivedLevels.routeDaily, fromMs, toMs, tenantId);
  }

  private async run(
    tx: TransactionClient,
    level: DerivedLevel,
    fromMs: number,
    toMs: number,
    tenantId?: string,
  ): Promise<void> {
    await tx.$executeRaw(deriveLevelSql(level, new Date(fromMs), new Date(toMs), tenantId));
  }
}

/** The hours, already over at `nowMs`, that a batch's increments fall in: the ones to mark dirty. */
export function pastHoursOf(
  increments: ReadonlyArray<{ tenantId: string; minuteMs: number }>,
  nowMs: number,
): DirtyHour[] {
  const seen = new Map<string, DirtyHour>();
  for (const { tenantId, minuteMs } of increments) {
    const hourStartMs = floorTo(minuteMs, hourMs);
    if (hourStartMs + hourMs > nowMs) continue;
    seen.set(`${tenantId}\u0000${hourStartMs}`, { tenantId, hourMs: hourStartMs });
  }
  return [...seen.values()];
}
