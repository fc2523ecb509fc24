// Determinism guard: recorded histories of every workflow (captured from real runs on the test stack)
// are replayed against the current workflow code. A change that would break running workflows — a
// reordered activity, a new timer, a changed condition — fails here before it reaches production.
// When a workflow changes on purpose, version it (patched()) and add a history of the new version.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '..', '..', '..');
const historyDirs = [
  'libs/identification-workflows/src/round/histories',
  'libs/identification-workflows/src/monitoring/histories',
  'libs/workflows/src/medical-enrollment/histories',
  'libs/workflows/src/medical-claim/histories',
  'libs/workflows/src/medical-report/histories',
  'libs/identification-workflows/src/village-exit/histories',
  'libs/identification-workflows/src/exit/histories',
  'libs/identification-workflows/src/review/histories',
  'libs/identification-workflows/src/import-job/histories',
  'libs/identification-workflows/src/screening/histories',
  'libs/relocation-workflows/src/relocation-case/histories',
  'libs/industry-workflows/src/project-funds/histories',
  'libs/industry-workflows/src/dividends/histories',
  'libs/industry-workflows/src/microcredit/histories',
];
const histories = historyDirs.flatMap((dir) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f)),
);

describe('recorded workflow histories replay against the current code', () => {
  it('has histories of every workflow type', () => {
    const types = new Set(
      histories.map(
        (f) =>
          (
            JSON.parse(fs.readFileSync(path.join(root, f), 'utf8')) as {
              events: { workflowExecutionStartedEventAttributes?: { workflowType: { name: string } } }[];
            }
          ).events[0].workflowExecutionStartedEventAttributes!.workflowType.name,
      ),
    );
    // every workflow the orchestrator runs has at least one recorded history
    const exported = [...fs.readFileSync(path.join(__dirname, 'workflows.ts'), 'utf8').matchAll(/export \{([^}]*)\}/g)]
      .flatMap((m) => m[1].split(',').map((x) => x.trim()))
      .filter(Boolean);
    expect([...types].sort()).toEqual(exported.sort());
  });

  it('every history replays without nondeterminism', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(__dirname, 'replay-histories.cjs'), ...histories.map((f) => path.join(root, f))],
      { encoding: 'utf8', cwd: root },
    );
    const lines = run.stdout
      .trim()
      .split('\n')
      .filter((l) => /^(ok|FAILED) /.test(l));
    expect({ lines, stderr: run.status === 0 ? '' : run.stderr.slice(-2000) }).toEqual({
      lines: histories.map((f) => `ok ${path.join(root, f)}`),
      stderr: '',
    });
  });
});
