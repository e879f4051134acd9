import { createServer, type Server } from 'node:https';
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { SnapshotStore } from '../config/snapshot-store.js';
import { clientErrorHandler } from '../edge/client-error.js';
import type { GatewayEnv } from '../env.js';
import { listenOn } from '../net/listen.js';
import { handleRequest } from '../pipeline/pipeline.js';
import type { PipelineDeps } from '../pipeline/pipeline-deps.js';
import { listenForUpgrades } from '../proxy/websocket.js';
import { GATEWAY_ENV, LOGGER, PIPELINE_DEPS } from '../tokens.js';
import { SniContexts } from './sni-contexts.js';

/**
 * HTTPS for tenants' verified custom domains (GATEWAY_TLS_PORT): the certificate is chosen
 * per handshake by SNI from the served snapshots (so it changes with them), and the
 * request goes through the same pipeline as on the plain port, which stays for a load
 * balancer that terminates TLS. A name without a certificate fails the handshake. Closed
 * before the application shuts down, so its last requests are metered in the final flush.
 */
@Injectable()
export class HttpsListener implements BeforeApplicationShutdown {
  private server: Server | null = null;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SnapshotStore) private readonly store: SnapshotStore,
    @Inject(PIPELINE_DEPS) private readonly deps: PipelineDeps,
  ) {}

  /** Starts listening; resolves with the port (useful with port 0). */
  async listen(port: number, host: string): Promise<number> {
    const sni = new SniContexts(this.store);
    const deps = this.deps;
    const server = createServer(
      { SNICallback: sni.callback, maxHeaderSize: this.env.GATEWAY_MAX_HEADER_BYTES, minVersion: 'TLSv1.2' },
      (req, res) => void handleRequest(req, res, deps),
    );
    server.on('clientError', clientErrorHandler(this.logger));
    // WebSocket upgrades pass the same pipeline over TLS as over plain HTTP.
    listenForUpgrades(server, handleRequest, deps);
    server.on('tlsClientError', (error) => this.logger.debug({ err: error }, 'TLS handshake failed'));
    const bound = await listenOn(server, port, host);
    this.server = server;
    return bound;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}
