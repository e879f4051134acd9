import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { newId, tlsKeyContext } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { SecretBox } from '@tollgate/secrets';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { checkCertificate } from './certificate.js';
import { type DomainCertificateRow, type DomainRow, DomainsRepository } from './domains.repository.js';
import type {
  CertificateOutput,
  CreateDomainInput,
  DomainOutput,
  UploadCertificateInput,
} from './domains.schemas.js';
import { challengeRecordName, challengeRecordValue, checkHostname, normaliseHostname } from './hostname.js';
import { checkChallenge, TxtResolver } from './txt-resolver.js';

/**
 * A tenant's custom domains: added pending with a TXT record to create, verified by looking
 * that record up, then given a certificate (its key sealed with the master key). Verified
 * domains and certificates reach the gateways in the tenant's next snapshot, published after
 * each change commits; replacing a certificate is uploading a new one (the gateways swap it
 * with the snapshot, with no restart).
 */
@Injectable()
export class DomainsService {
  constructor(
    private readonly domains: DomainsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly publisher: SnapshotPublisher,
    private readonly box: SecretBox,
    private readonly txt: TxtResolver,
    @Inject(ENV) private readonly env: Pick<Env, 'GATEWAY_DOMAIN'>,
  ) {}

  async list(access: TenantAccess): Promise<DomainOutput[]> {
    return (await this.domains.list(access.tenantId)).map(domainOutput);
  }

  async get(access: TenantAccess, domainId: string): Promise<DomainOutput> {
    return domainOutput(await this.found(access, domainId));
  }

  async create(access: TenantAccess, input: CreateDomainInput): Promise<DomainOutput> {
    const hostname = normaliseHostname(input.hostname);
    checkHostname(hostname, this.env.GATEWAY_DOMAIN);
    const row = await this.transactions.run(async () => {
      const created = await this.domains.create({
        id: newId('customDomain'),
        tenantId: access.tenantId,
        hostname,
        verificationToken: randomBytes(24).toString('base64url'),
      });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'domain.created',
        target: { type: 'custom_domain', id: created.id },
        before: null,
        after: { hostname, status: created.status },
      });
      return created;
    });
    return domainOutput(row);
  }

  /** Looks the TXT record up; 422 `domain_verification_failed` (with `reason`) when it is missing or wrong. */
  async verify(access: TenantAccess, domainId: string): Promise<DomainOutput> {
    const domain = await this.found(access, domainId);
    if (domain.status === 'verified') return domainOutput(domain);
    const record = verificationRecord(domain);
    const outcome = await checkChallenge(this.txt, record.name, record.value);
    if (!outcome.ok)
      throw new TollgateError('domain_verification_failed', outcome.detail, {
        reason: outcome.reason,
        record,
      });
    const verified = await this.transactions.run(async () => {
      const row = await this.domains.markVerified(domain.id, new Date());
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'domain.verified',
        target: { type: 'custom_domain', id: domain.id },
        before: { hostname: domain.hostname, status: domain.status },
        after: { hostname: row.hostname, status: row.status },
      });
      return row;
    });
    await this.publish(access, `domain.verified ${domain.id}`);
    return domainOutput(verified);
  }

  /** Checks the pair, seals the key (context `<tenantId>:tls:<hostname>`) and stores it; the key is never returned. */
  async uploadCertificate(
    access: TenantAccess,
    domainId: string,
    input: UploadCertificateInput,
  ): Promise<DomainOutput> {
    const domain = await this.found(access, domainId);
    if (domain.status !== 'verified')
      throw new TollgateError(
        'domain_not_verified',
        `Verify ${domain.hostname} before uploading its certificate.`,
      );
    const checked = checkCertificate(input, domain.hostname, new Date());
    const certificate: DomainCertificateRow = {
      certPem: checked.certPem,
      keySealed: this.box.seal(checked.keyPem, tlsKeyContext(access.tenantId, domain.hostname)),
      subject: checked.subject,
      subjectAltNames: checked.subjectAltNames,
      notBefore: checked.notBefore,
      notAfter: checked.notAfter,
      fingerprintSha256: checked.fingerprintSha256,
      uploadedAt: new Date(),
    };
    const updated = await this.transactions.run(async () => {
      const row = await this.domains.setCertificate(domain.id, certificate);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'domain.certificate_uploaded',
        target: { type: 'custom_domain', id: domain.id },
        before: domain.certificate === null ? null : certificateOutput(domain.certificate),
        after: certificateOutput(certificate),
      });
      return row;
    });
    await this.publish(access, `domain.certificate_uploaded ${domain.id}`);
    return domainOutput(updated);
  }

  async delete(access: TenantAccess, domainId: string): Promise<void> {
    const domain = await this.found(access, domainId);
    await this.transactions.run(async () => {
      await this.domains.delete(domain.id);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'domain.deleted',
        target: { type: 'custom_domain', id: domain.id },
        before: { hostname: domain.hostname, status: domain.status },
        after: null,
      });
    });
    // A pending domain was never in a snapshot: nothing to withdraw from the gateways.
    if (domain.status === 'verified') await this.publish(access, `domain.deleted ${domain.id}`);
  }

  private async found(access: TenantAccess, domainId: string): Promise<DomainRow> {
    const domain = await this.domains.find(access.tenantId, domainId);
    if (domain === null) throw new TollgateError('not_found', 'No such domain in this tenant.');
    return domain;
  }

  private async publish(access: TenantAccess, reason: string): Promise<void> {
    await this.publisher.publish(access.tenantId, { createdBy: access.userId, reason });
  }
}

function verificationRecord(domain: Pick<DomainRow, 'hostname' | 'verificationToken'>) {
  return {
    type: 'TXT' as const,
    name: challengeRecordName(domain.hostname),
    value: challengeRecordValue(domain.verificationToken),
  };
}

function certificateOutput(certificate: DomainCertificateRow): CertificateOutput {
  return {
    subject: certificate.subject,
    subjectAltNames: certificate.subjectAltNames,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    fingerprintSha256: certificate.fingerprintSha256,
    uploadedAt: certificate.uploadedAt.toISOString(),
  };
}

function domainOutput(domain: DomainRow): DomainOutput {
  return {
    id: domain.id,
    hostname: domain.hostname,
    status: domain.status,
    verification: verificationRecord(domain),
    verifiedAt: domain.verifiedAt?.toISOString() ?? null,
    certificate: domain.certificate === null ? null : certificateOutput(domain.certificate),
    createdAt: domain.createdAt.toISOString(),
  };
}
