// Proof by fuzzing (issue 10): Schemathesis against every service's OpenAPI document (/docs-json), as a village
// cadre of one village and as the county approver of its county. Any 5xx, any status code the document does not
// list, any response that breaks its documented schema or content type fails this test with the summary of every
// distinct failure. The fuzzer is tools/fuzz/run.mjs (pinned Schemathesis in a cached venv, tools/fuzz/provision.mjs);
// its reports (NDJSON, JSON, JUnit per service and role) are left in tmp/fuzz/ for CI to keep.
// FUZZ_MAX_EXAMPLES / FUZZ_SEED change how much it generates and from which seed (see tools/fuzz/README.md).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVICES, startPlatform, token, type RunningPlatform } from './support/platform';

// Provisioning the venv the first time takes ~10 s, the fuzzing itself a few minutes on 2 cores.
jest.setTimeout(20 * 60_000);

const root = path.resolve(__dirname, '..');
const reportDir = path.join(root, 'tmp', 'fuzz');
// A county no other test draws (randomVillage() never makes a county part of 99): what the fuzzer creates stays there.
const village = process.env.FUZZ_VILLAGE ?? '439999101201';
const county = village.slice(0, 6);

interface FuzzSummary {
  ok: boolean;
  services: {
    name: string;
    documentedOperations: number;
    operations: number;
    requests: number;
    failures: unknown[];
    errors: string[];
  }[];
}

let platform: RunningPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});

afterAll(async () => {
  await platform?.stop();
});

function runFuzzer(env: NodeJS.ProcessEnv, summaryFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'tools', 'fuzz', 'run.mjs'), '--report-dir', reportDir, '--json', summaryFile],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

it('no service answers with a 5xx, an undocumented status or a response outside its OpenAPI document', async () => {
  const urls = Object.fromEntries(
    SERVICES.map((s) => [
      `FUZZ_URL_${s
        .replace(/-service$/, '')
        .replace(/-/g, '_')
        .toUpperCase()}`,
      platform.url(s),
    ]),
  );
  const summaryFile = path.join(reportDir, 'e2e-summary.json');
  fs.mkdirSync(reportDir, { recursive: true });
  fs.rmSync(summaryFile, { force: true });
  const { code, output } = await runFuzzer(
    {
      ...process.env,
      ...urls,
      FUZZ_VILLAGE: village,
      FUZZ_TOKEN_CADRE: await token('village_cadre', village, { subject: 'fuzz-cadre', expiresIn: '2h' }),
      FUZZ_TOKEN_APPROVER: await token('county_approver', county, { subject: 'fuzz-approver', expiresIn: '2h' }),
    },
    summaryFile,
  );
  if (code === 2 || !fs.existsSync(summaryFile))
    throw new Error(`the fuzzer could not run (exit ${code}):\n${output.slice(-6000)}`);
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as FuzzSummary;

  // It really fuzzed: every service's document was read, every documented operation was exercised.
  expect(summary.services.map((s) => s.name)).toEqual([...SERVICES]);
  for (const s of summary.services) {
    expect(s.errors.filter((e) => e.includes('could not read'))).toEqual([]);
    expect(s.operations).toBe(s.documentedOperations);
    if (s.documentedOperations > 0) expect(s.requests).toBeGreaterThan(0);
  }

  if (!summary.ok) {
    // the summary table and every distinct failure; the curl examples are in tmp/fuzz (summary.json, per-run logs)
    const table = output.slice(output.indexOf('\nSchemathesis ') + 1);
    throw new Error(`fuzzing found failures (exit ${code}); reports in ${reportDir}\n\n${table}`);
  }
  expect(code).toBe(0);
});
