import { SecretBox } from '@tollgate/secrets';
import { SnapshotPublisher } from '../modules/projections/snapshot-publisher.service.js';
import { ResealRegistry } from '../modules/secrets/reseal-registry.js';
import { resealSecrets } from '../modules/secrets/reseal-secrets.js';
import { runCommand } from './run-command.js';

/**
 * `npm run secrets:reseal -w @tollgate/control-plane`: seals every stored secret again under
 * `MASTER_KEY` (opening the old ones with `PREVIOUS_MASTER_KEYS`) and republishes the tenants
 * whose snapshots carry them. Step 3 of a master key rotation (docs/secrets.md).
 */
await runCommand('secrets:reseal', async (app, log) => {
  let registry: ResealRegistry;
  try {
    registry = app.get(ResealRegistry);
  } catch {
    throw new Error('secrets:reseal needs MASTER_KEY (and PREVIOUS_MASTER_KEYS while rotating)');
  }
  const report = await resealSecrets(registry, app.get(SecretBox), app.get(SnapshotPublisher));
  for (const kind of report.kinds) log.info(kind, 'secrets resealed');
  log.info({ tenants: report.republished.length }, 'snapshots republished with the resealed secrets');
});
