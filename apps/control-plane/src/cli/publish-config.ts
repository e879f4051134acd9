import { SnapshotPublisher } from '../modules/projections/snapshot-publisher.service.js';
import { runCommand } from './run-command.js';

/**
 * `npm run config:publish -w @tollgate/control-plane [-- <tenantId>]`: publishes a fresh config
 * version for one tenant, or for every tenant when none is given.
 */
await runCommand('config:publish', async (app, log) => {
  const publisher = app.get(SnapshotPublisher);
  const tenantId = process.argv[2];
  const meta = { createdBy: 'system', reason: 'config:publish command' };
  if (tenantId) {
    const { version } = await publisher.publish(tenantId, meta);
    log.info({ tenantId, version }, 'config published');
  } else {
    log.info({ tenants: await publisher.publishAll(meta) }, 'config published for every tenant');
  }
});
