import { createSecureContext, type SecureContext } from 'node:tls';
import { type ConfigSnapshot, tlsKeyContext } from '@tollgate/contracts';
import type { SecretBox } from '@tollgate/secrets';

/** A tenant's TLS certificates, ready for SNI: one secure context per domain. */
export interface CompiledTls {
  /** Lower-case domain (possibly `*.example.com`) → its secure context. */
  contexts: ReadonlyMap<string, SecureContext>;
}

export const noTls: CompiledTls = { contexts: new Map() };

/**
 * Opens each certificate's sealed private key with the master key and builds its secure
 * context, once per snapshot (never per handshake). A key that does not open, or a
 * certificate that does not match its key, fails the snapshot's compilation: the loader
 * keeps serving the previous version and logs why.
 */
export function compileTls(snapshot: ConfigSnapshot, secrets: SecretBox | null): CompiledTls {
  const certificates = snapshot.policies.certificates;
  if (certificates.length === 0) return noTls;
  if (secrets === null)
    throw new Error(`tenant ${snapshot.tenantId} has TLS certificates but the gateway has no MASTER_KEY`);
  const contexts = new Map<string, SecureContext>();
  for (const certificate of certificates) {
    const domain = certificate.domain.toLowerCase();
    const key = secrets.open(certificate.keyPem, tlsKeyContext(snapshot.tenantId, domain));
    try {
      contexts.set(domain, createSecureContext({ cert: certificate.certPem, key }));
    } catch (error) {
      throw new Error(`TLS certificate for ${domain} of tenant ${snapshot.tenantId} is unusable`, {
        cause: error,
      });
    } finally {
      key.fill(0);
    }
  }
  return { contexts };
}
