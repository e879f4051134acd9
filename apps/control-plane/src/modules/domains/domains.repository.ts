import { Injectable } from '@nestjs/common';
import { type SealedSecret, sealedSecretSchema } from '@tollgate/contracts';
import type { CustomDomainStatus, Prisma } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';

export interface DomainCertificateRow {
  certPem: string;
  keySealed: SealedSecret;
  subject: string;
  subjectAltNames: string[];
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: string;
  uploadedAt: Date;
}

export interface DomainRow {
  id: string;
  tenantId: string;
  hostname: string;
  status: CustomDomainStatus;
  verificationToken: string;
  verifiedAt: Date | null;
  certificate: DomainCertificateRow | null;
  createdAt: Date;
}

const domainFields = {
  id: true,
  tenantId: true,
  hostname: true,
  status: true,
  verificationToken: true,
  verifiedAt: true,
  certPem: true,
  keySealed: true,
  certSubject: true,
  certSans: true,
  certNotBefore: true,
  certNotAfter: true,
  certFingerprint: true,
  certUploadedAt: true,
  createdAt: true,
} as const;

type SelectedDomain = Prisma.CustomDomainGetPayload<{ select: typeof domainFields }>;

function toRow(row: SelectedDomain): DomainRow {
  const {
    certPem,
    keySealed,
    certSubject,
    certSans,
    certNotBefore,
    certNotAfter,
    certFingerprint,
    certUploadedAt,
    ...domain
  } = row;
  const hasCertificate =
    certPem !== null &&
    keySealed !== null &&
    certNotBefore !== null &&
    certNotAfter !== null &&
    certUploadedAt !== null;
  return {
    ...domain,
    certificate: hasCertificate
      ? {
          certPem,
          keySealed: sealedSecretSchema.parse(keySealed),
          subject: certSubject ?? '',
          subjectAltNames: certSans,
          notBefore: certNotBefore,
          notAfter: certNotAfter,
          fingerprintSha256: certFingerprint ?? '',
          uploadedAt: certUploadedAt,
        }
      : null,
  };
}

/** The `custom_domains` table. Writes join the caller's `Transactions.run`. */
@Injectable()
export class DomainsRepository {
  constructor(private readonly transactions: Transactions) {}

  /** A host name another tenant (or this one) already has is a `conflict` (409). */
  async create(domain: {
    id: string;
    tenantId: string;
    hostname: string;
    verificationToken: string;
  }): Promise<DomainRow> {
    try {
      return toRow(
        await this.transactions.client.customDomain.create({ data: domain, select: domainFields }),
      );
    } catch (error) {
      if (uniqueViolation(error) === null) throw error;
      throw new TollgateError('conflict', `${domain.hostname} is already a custom domain on Tollgate.`);
    }
  }

  async list(tenantId: string): Promise<DomainRow[]> {
    const rows = await this.transactions.client.customDomain.findMany({
      where: { tenantId },
      orderBy: { hostname: 'asc' },
      select: domainFields,
    });
    return rows.map(toRow);
  }

  /** The tenant's domain, or null (another tenant's domain is null too). */
  async find(tenantId: string, id: string): Promise<DomainRow | null> {
    const row = await this.transactions.client.customDomain.findFirst({
      where: { id, tenantId },
      select: domainFields,
    });
    return row === null ? null : toRow(row);
  }

  async markVerified(id: string, at: Date): Promise<DomainRow> {
    return toRow(
      await this.transactions.client.customDomain.update({
        where: { id },
        data: { status: 'verified', verifiedAt: at },
        select: domainFields,
      }),
    );
  }

  async setCertificate(id: string, certificate: DomainCertificateRow): Promise<DomainRow> {
    return toRow(
      await this.transactions.client.customDomain.update({
        where: { id },
        data: certificateColumns(certificate),
        select: domainFields,
      }),
    );
  }

  async delete(id: string): Promise<void> {
    await this.transactions.client.customDomain.delete({ where: { id } });
  }

  /** Every stored private key (all tenants), for resealing under a new master key. */
  async sealedKeys(): Promise<
    Array<{ id: string; tenantId: string; hostname: string; keySealed: SealedSecret }>
  > {
    const rows = await this.transactions.client.customDomain.findMany({
      where: { certUploadedAt: { not: null } },
      select: { id: true, tenantId: true, hostname: true, keySealed: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({ ...row, keySealed: sealedSecretSchema.parse(row.keySealed) }));
  }

  /** Replaces a sealed key only if it is still the one read (a concurrent upload wins); true when replaced. */
  async replaceSealedKey(id: string, was: SealedSecret, sealed: SealedSecret): Promise<boolean> {
    const { count } = await this.transactions.client.customDomain.updateMany({
      where: { id, keySealed: { equals: was as unknown as Prisma.InputJsonObject } },
      data: { keySealed: sealed as unknown as Prisma.InputJsonObject },
    });
    return count === 1;
  }
}

function certificateColumns(certificate: DomainCertificateRow) {
  return {
    certPem: certificate.certPem,
    keySealed: certificate.keySealed as unknown as Prisma.InputJsonObject,
    certSubject: certificate.subject,
    certSans: certificate.subjectAltNames,
    certNotBefore: certificate.notBefore,
    certNotAfter: certificate.notAfter,
    certFingerprint: certificate.fingerprintSha256,
    certUploadedAt: certificate.uploadedAt,
  };
}
