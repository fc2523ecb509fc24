import { PrismaPg } from '@prisma/adapter-pg';

/**
 * Prisma 7 clients talk to PostgreSQL through a driver adapter (node-postgres). Each service
 * passes its own generated PrismaClient class.
 */
export function createPrismaClient<C>(
  PrismaClient: new (options: { adapter: PrismaPg }) => C,
  databaseUrl: string,
  options: { maxConnections?: number } = {},
): C {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
