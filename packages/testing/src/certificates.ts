import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  certPem: string;
  keyPem: string;
}

/**
 * A self-signed certificate made by `openssl` at test time, as a provider would upload for a
 * custom domain: P-256 key, `names` as DNS SANs (CN is the first). `expired` dates it in 2020
 * (`openssl ca` is the one subcommand of OpenSSL 3.0 that takes explicit dates).
 */
export function selfSignedCertificate(names: string[], options: { expired?: boolean } = {}): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-cert-'));
  const file = (name: string) => join(dir, name);
  const san = `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`;
  const subject = `/CN=${names[0]}`;
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    if (!options.expired) {
      run(
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-days',
          '30',
        ].concat(['-subj', subject, '-addext', san, '-keyout', file('key.pem'), '-out', file('cert.pem')]),
      );
    } else {
      writeFileSync(file('index.txt'), '');
      writeFileSync(file('serial'), '01\n');
      writeFileSync(file('ext.cnf'), `${san}\n`);
      writeFileSync(
        file('ca.cnf'),
        [
          '[ca]',
          'default_ca = test',
          '[test]',
          `database = ${file('index.txt')}`,
          `serial = ${file('serial')}`,
          `new_certs_dir = ${dir}`,
          'default_md = sha256',
          'policy = any',
          '[any]',
          'commonName = supplied',
          '',
        ].join('\n'),
      );
      run(
        ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
          '-subj',
          subject,
          '-keyout',
          file('key.pem'),
          '-out',
          file('req.csr'),
        ]),
      );
      run(
        ['ca', '-batch', '-selfsign', '-notext', '-config', file('ca.cnf'), '-keyfile', file('key.pem')]
          .concat(['-in', file('req.csr'), '-out', file('cert.pem'), '-extfile', file('ext.cnf')])
          .concat(['-startdate', '20200101000000Z', '-enddate', '20200102000000Z']),
      );
    }
    return { certPem: readFileSync(file('cert.pem'), 'utf8'), keyPem: readFileSync(file('key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
