import { ConsumerIndexProjector } from '../modules/projections/consumer-index.projector.js';
import { KeyIndexProjector } from '../modules/projections/key-index.projector.js';
import { runCommand } from './run-command.js';

/** `npm run keys:reindex -w @tollgate/control-plane`: rebuilds the Redis key index from Postgres. */
await runCommand('keys:reindex', async (app, log) => {
  const started = Date.now();
  const count = await app.get(KeyIndexProjector).rebuildKeyIndex();
  log.info({ count, durationMs: Date.now() - started }, 'key index rebuilt');
  const consumers = await app.get(ConsumerIndexProjector).rebuildConsumerIndex();
  log.info({ count: consumers }, 'consumer index rebuilt');
});
