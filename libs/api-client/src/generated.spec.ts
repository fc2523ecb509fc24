import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './documents';

// The committed client types are exactly what the committed documents generate (openapi-typescript runs in a
// child process: its dependencies are ES modules Jest cannot require). That the committed documents are what the
// services serve is checked against the running services by tests/enrollment.e2e.spec.ts.
it('the generated client is up to date with the committed OpenAPI documents (else: npm run api-client)', () => {
  const cli = path.join(repoRoot(), 'dist', 'libs', 'api-client', 'src', 'cli', 'generate.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first (npm test does)`);
  const r = spawnSync(process.execPath, [cli, '--committed'], { encoding: 'utf8' });
  expect({ status: r.status, output: r.stdout + r.stderr }).toEqual({
    status: 0,
    output: '✓ the typed client matches the committed documents\n',
  });
});
