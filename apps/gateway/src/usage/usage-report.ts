import type { Logger } from 'pino';
import type { UsageBatcherReport } from './usage-batcher.js';

/** What the usage batcher reports, as log lines (and counters for /metrics). */
export const usageCounters = {
  spooledBatches: 0,
  replayedBatches: 0,
  replayedEvents: 0,
  spoolRefusedBatches: 0,
  droppedEvents: 0,
};

export function usageReport(logger: Logger): UsageBatcherReport {
  return {
    error: (error, batch, droppedEvents) => {
      usageCounters.droppedEvents += droppedEvents;
      logger.error(
        { err: error, batchId: batch.batchId, events: batch.events.length, droppedEvents },
        droppedEvents > 0
          ? 'usage batch kept in memory; memory bound reached, older events dropped'
          : 'usage batch not queued nor spooled; kept in memory for a retry',
      );
    },
    spooled: (batch, cause) => {
      usageCounters.spooledBatches++;
      logger.warn(
        { err: cause, batchId: batch.batchId, events: batch.events.length },
        'usage queue unreachable; batch spooled to disk',
      );
    },
    spoolRefused: (batch, cause) => {
      usageCounters.spoolRefusedBatches++;
      logger.error(
        { err: cause, batchId: batch.batchId, events: batch.events.length },
        'usage spool full or failing; batch kept in memory',
      );
    },
    spoolFailed: (error) => logger.error({ err: error }, 'usage spool unavailable; batches wait in memory'),
    replayed: (batches, events) => {
      usageCounters.replayedBatches += batches;
      usageCounters.replayedEvents += events;
      logger.info({ batches, events }, 'spooled usage batches replayed to the queue');
    },
  };
}
