// Test data for the exit tests: households applied through the API, then put at a register status directly
// (registered by a round, or exited by the household exit — both tested on their own elsewhere).
import { randomUUID } from 'node:crypto';
import { call, testToken } from '@fupin/testing';
import type { SqlExecutor } from '@fupin/persistence';
import { householdInput } from './people';

export async function householdsWithStatus(
  url: string,
  db: SqlExecutor,
  villageCode: string,
  count: number,
  status: string,
  size = 3,
): Promise<string[]> {
  const cadre = await testToken('village_cadre', villageCode);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, async () => {
        const r = await call<{ id: string }>('POST', `${url}/households`, {
          token: cadre,
          body: householdInput(villageCode, size),
          headers: { 'Idempotency-Key': randomUUID() },
        });
        if (r.status !== 201) throw new Error(`apply: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body.id;
      }),
    );
    ids.push(...batch);
  }
  if (status !== 'applicant')
    await db.$executeRawUnsafe(`UPDATE household SET status = $2 WHERE id = ANY($1::uuid[])`, ids, status);
  return ids;
}
