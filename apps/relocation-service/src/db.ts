import { createPrismaClient } from '@fupin/persistence';
import { PrismaClient } from './generated/prisma/client';

export function createDb(databaseUrl: string): PrismaClient {
  return createPrismaClient(PrismaClient, databaseUrl);
}
