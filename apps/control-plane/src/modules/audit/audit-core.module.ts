import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log.js';
import { Transactions } from './transactions.js';

/** Global: every domain's service writes its change and its audit event in one `Transactions.run`. */
@Global()
@Module({ providers: [Transactions, AuditLog], exports: [Transactions, AuditLog] })
export class AuditCoreModule {}
