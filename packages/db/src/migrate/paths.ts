import { fileURLToPath } from 'node:url';

// From src/migrate or dist/migrate of packages/db up to the repository root.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export const defaultSchemaDir = `${repoRoot}prisma/schema`;
export const defaultMigrationsDir = `${repoRoot}prisma/migrations`;
