import { Module } from '@nestjs/common';
import { DomainKeyResealer } from './domain-key.resealer.js';
import { DomainsRepository } from './domains.repository.js';

/** The domains table and its sealed keys without HTTP: also loaded by the maintenance commands (`secrets:reseal`). */
@Module({ providers: [DomainsRepository, DomainKeyResealer], exports: [DomainsRepository] })
export class DomainsCoreModule {}
