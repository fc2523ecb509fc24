import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// SQL lives in repositories only (issue 11): a controller, service, activity or Kafka handler calls its feature's
// repository, so every query of a feature is in one file to read, review and tune. Test files and test helpers are
// exempt; libs/ keep their infrastructure SQL (outbox, audit chain, idempotency keys) in their own modules.
const root = path.resolve(__dirname, '..', '..');
const SQL =
  /(^|[`'"\s(])(SELECT\s+[\s\S]{0,200}?\bFROM\b|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS\s*\()/;
const exempt = (file: string) =>
  /\.spec\.ts$/.test(file) ||
  /\.browser\.ts$/.test(file) || // the console's browser tests seed what no API offers
  /\/console\/browser\/support\//.test(file) ||
  /\.repository\.ts$/.test(file) ||
  /\/generated\//.test(file) ||
  /\/testing\//.test(file) ||
  /test-support\.ts$/.test(file);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The app source files holding SQL outside a repository, with the first offending line. */
export function sqlOutsideRepositories(appsDir: string): string[] {
  return sourceFiles(appsDir)
    .filter((f) => !exempt(f))
    .flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      const match = SQL.exec(text);
      if (!match) return [];
      const line = text.slice(0, match.index).split('\n').length;
      return [`${path.relative(root, f)}:${line}`];
    });
}

it('no SQL outside *.repository.ts in the apps', () => {
  expect(sqlOutsideRepositories(path.join(root, 'apps'))).toEqual([]);
});

it('the check bites: SQL in a controller is found, the same SQL in a repository is not', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-scan-'));
  fs.mkdirSync(path.join(dir, 'svc', 'src', 'things'), { recursive: true });
  const sql = 'await db.$queryRawUnsafe(`SELECT id FROM thing WHERE id = $1`, id);\n';
  fs.writeFileSync(path.join(dir, 'svc', 'src', 'things', 'thing.controller.ts'), sql);
  fs.writeFileSync(path.join(dir, 'svc', 'src', 'things', 'thing.repository.ts'), sql);
  fs.writeFileSync(path.join(dir, 'svc', 'src', 'things', 'thing.service.ts'), "const label = 'Select a village';\n");
  try {
    expect(sqlOutsideRepositories(dir).map((f) => path.basename(f))).toEqual(['thing.controller.ts:1']);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

it('no controller or feature service injects the whole runtime (narrow tokens: Db, Workflows, config, logger)', () => {
  const wide = sourceFiles(path.join(root, 'apps'))
    .filter((f) => /\.(controller|service)\.ts$/.test(f) && !/\/src\/service\.ts$/.test(f))
    .filter((f) => /SERVICE_RUNTIME/.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(root, f));
  expect(wide).toEqual([]);
});
