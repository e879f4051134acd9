import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { TollgateError } from '@tollgate/errors';

/** What is kept of an uploaded certificate: the chain and key as the gateway loads them, and what the console shows. */
export interface CheckedCertificate {
  /** The PEM certificates, leaf first, nothing else. */
  certPem: string;
  /** The private key re-encoded as unencrypted PKCS#8 PEM: sealed before it is stored. */
  keyPem: string;
  subject: string;
  /** DNS names of the leaf's subject alternative names. */
  subjectAltNames: string[];
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the leaf (DER), colon-separated upper-case hex, as browsers and `openssl x509 -fingerprint` show it. */
  fingerprintSha256: string;
}

const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Checks an uploaded pair the way the gateway will use it, so a bad upload is refused here
 * (422) rather than failing the tenant's snapshot on every gateway: readable PEM, chain in
 * order (each certificate issued by the next), the key is the leaf's, the leaf covers
 * `hostname` (SANs, else its CN), it is valid now, and TLS accepts the pair.
 */
export function checkCertificate(
  input: { certificatePem: string; privateKeyPem: string },
  hostname: string,
  now: Date,
): CheckedCertificate {
  const blocks = input.certificatePem.match(certificateBlock) ?? [];
  if (blocks.length === 0) throw invalid('No PEM certificate (BEGIN CERTIFICATE) was found.');
  const chain = blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw invalid(`Certificate ${index + 1} of the chain is not readable.`);
    }
  });
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!(chain[i] as X509Certificate).checkIssued(chain[i + 1] as X509Certificate))
      throw invalid(`The chain is out of order: certificate ${i + 2} did not issue certificate ${i + 1}.`);
  }
  const leaf = chain[0] as X509Certificate;
  const key = readPrivateKey(input.privateKeyPem);
  if (key.type !== 'private' || !leaf.checkPrivateKey(key))
    throw new TollgateError(
      'certificate_key_mismatch',
      'The private key is not the key of this certificate.',
    );
  if (leaf.checkHost(hostname) === undefined)
    throw new TollgateError('certificate_hostname_mismatch', `The certificate does not cover ${hostname}.`);
  if (leaf.validToDate.getTime() <= now.getTime())
    throw new TollgateError(
      'certificate_expired',
      `The certificate expired on ${leaf.validToDate.toISOString()}.`,
    );
  if (leaf.validFromDate.getTime() > now.getTime())
    throw invalid(`The certificate is not valid before ${leaf.validFromDate.toISOString()}.`);
  const certPem = `${blocks.join('\n')}\n`;
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    createSecureContext({ cert: certPem, key: keyPem });
  } catch (error) {
    throw invalid(`TLS refuses this certificate and key (${(error as Error).message}).`);
  }
  return {
    certPem,
    keyPem,
    subject: leaf.subject.split('\n').join(', '),
    subjectAltNames: (leaf.subjectAltName ?? '')
      .split(', ')
      .filter((name) => name.startsWith('DNS:'))
      .map((name) => name.slice(4)),
    notBefore: leaf.validFromDate,
    notAfter: leaf.validToDate,
    fingerprintSha256: leaf.fingerprint256,
  };
}

function readPrivateKey(pem: string): KeyObject {
  if (/-----BEGIN (ENCRYPTED PRIVATE KEY|[A-Z ]*PRIVATE KEY-----\s*Proc-Type: 4,ENCRYPTED)/.test(pem))
    throw invalid('The private key is passphrase-protected; upload it unencrypted (it is sealed at rest).');
  try {
    // A passphrase of '' makes an encrypted key fail here rather than prompt.
    return createPrivateKey({ key: pem, format: 'pem', passphrase: '' });
  } catch {
    throw invalid('The private key is not a readable PEM private key.');
  }
}

const invalid = (detail: string) => new TollgateError('certificate_invalid', detail);
