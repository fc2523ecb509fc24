// The architecture's rules are lint rules; this proves they bite. Each probe is linted as if it were a
// file inside a real project (the ESLint CLI on stdin with --stdin-filename), with the repository's own config.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
jest.setTimeout(60_000);

beforeAll(() => {
  // @nx/enforce-module-boundaries reads the cached project graph; compute it as `npm test` does.
  execFileSync(path.join(root, 'node_modules', '.bin', 'nx'), ['show', 'projects'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
});

async function problems(filePath: string, code: string): Promise<string[]> {
  // The real CLI in a child process (Jest's VM cannot load the ESM config): stdin, JSON report.
  let out: string;
  try {
    out = execFileSync(
      path.join(root, 'node_modules', '.bin', 'eslint'),
      ['--format', 'json', '--stdin', '--stdin-filename', path.join(root, filePath)],
      { cwd: root, input: code, encoding: 'utf8' },
    );
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exit 1 = problems found
  }
  const [result] = JSON.parse(out) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('an app importing another app fails lint', async () => {
    const found = await problems(
      'apps/notice-service/src/boundary-probe.ts',
      `import { startService } from '../../identification-service/src/service';\nexport const s = startService;\n`,
    );
    expect(found.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('an app using a lib of its own scope or a shared lib passes', async () => {
    const found = await problems(
      'apps/medical-aid-service/src/boundary-probe.ts',
      `import { settle } from '@fupin/medical-aid-rules';\nimport { loadConfig } from '@fupin/config';\nexport const x = [settle, loadConfig];\n`,
    );
    expect(found.filter((m) => m.startsWith('@nx/'))).toEqual([]);
  });

  it("an app using another department's rules fails lint", async () => {
    const found = await problems(
      'apps/medical-aid-service/src/boundary-probe.ts',
      `import * as relocation from '@fupin/relocation-rules';\nexport const x = relocation;\n`,
    );
    expect(found.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('a domain rules lib importing a framework fails lint', async () => {
    const found = await problems(
      'libs/domain/identification-rules/src/boundary-probe.ts',
      `import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n`,
    );
    expect(found.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('workflow code importing a Node built-in or an I/O client fails lint', async () => {
    const builtin = await problems(
      'libs/workflows/src/boundary-probe.ts',
      `import fs from 'node:fs';\nexport const x = fs;\n`,
    );
    expect(builtin.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    const client = await problems(
      'libs/workflows/src/boundary-probe.ts',
      `import { Kafka } from 'kafkajs';\nexport const x = Kafka;\n`,
    );
    expect(client.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });
});
