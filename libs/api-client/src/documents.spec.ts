import fs from 'node:fs';
import path from 'node:path';
import { COMMANDS_WITHOUT_INPUT, repoRoot } from './documents';

// Every operation of every service documents what it takes and what it answers, so a department can integrate from
// the documents alone. The committed documents are what the services serve (tests/enrollment.e2e.spec.ts).
const dir = path.join(repoRoot(), 'libs', 'api-client', 'openapi');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Operation {
  operationId: string;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>;
}

function operations(file: string): { id: string; method: string; path: string; op: Operation }[] {
  const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({
        id: `${file.replace('.json', '')} ${method.toUpperCase()} ${p}`,
        method,
        path: p,
        op,
      })),
  );
}

const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap(operations);

it('every operation documents its success response with a schema', () => {
  const missing = all
    .filter(({ op }) => {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      return success.length === 0 || success.some(([, r]) => !Object.values(r.content ?? {}).some((c) => c.schema));
    })
    .map((o) => o.id);
  expect(missing).toEqual([]);
});

it('every write documents its request body, unless it is a command without input', () => {
  const missing = all
    .filter(({ method, op }) => ['post', 'put', 'patch'].includes(method) && !op.requestBody)
    .filter(({ method, path: p }) => !COMMANDS_WITHOUT_INPUT.includes(`${method} ${p}`))
    .map((o) => o.id);
  expect(missing).toEqual([]);
});

it('documents every service', () => {
  expect(all.length).toBeGreaterThanOrEqual(69);
});
