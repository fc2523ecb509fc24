// Idempotent provisioning of the fuzzer: a Python venv with the pinned Schemathesis (from PyPI only),
// cached per user beside the stack's other tools: ${XDG_CACHE_HOME:-~/.cache}/fupin-platform/schemathesis-<version>/.
// The venv is rebuilt only when tools/fuzz/requirements.txt changes (its hash is kept in the venv), so a
// cached run costs a stat and a file read.
//   node tools/fuzz/provision.mjs        creates/updates the venv and prints where `st` is
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { cacheDir, repoRoot } from '../stack/layout.mjs';
import { step, have } from '../stack/proc.mjs';

/** The pinned version; tools/fuzz/requirements.txt pins it and every transitive dependency. */
export const SCHEMATHESIS_VERSION = '4.32.5';

const requirementsFile = path.join(repoRoot, 'tools', 'fuzz', 'requirements.txt');
export const fuzzVenvDir = path.join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`, 'venv');
/** The Schemathesis CLI inside the venv (`st` and `schemathesis` are the same program). */
export const schemathesisBin = path.join(fuzzVenvDir, 'bin', 'schemathesis');
const marker = path.join(fuzzVenvDir, '.requirements.sha256');

function requirementsHash() {
  return crypto.createHash('sha256').update(fs.readFileSync(requirementsFile)).digest('hex');
}

function pythonOk() {
  if (!have('python3')) return false;
  const r = spawnSync(
    'python3',
    ['-c', 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 10) else 1)'],
    { stdio: 'ignore' },
  );
  return r.status === 0;
}

function aptInstall(packages) {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing system packages: ${packages.join(' ')} — install them with: sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Whether the cached venv already matches requirements.txt (no process is started). */
export function schemathesisCached() {
  return (
    fs.existsSync(schemathesisBin) &&
    fs.existsSync(marker) &&
    fs.readFileSync(marker, 'utf8').trim() === requirementsHash()
  );
}

export function ensureSchemathesis() {
  return step(`Schemathesis ${SCHEMATHESIS_VERSION} (PyPI, venv)`, () => {
    if (schemathesisCached()) return `cached: ${fuzzVenvDir}`;
    if (!pythonOk()) aptInstall(['python3', 'python3-venv']);
    if (!pythonOk()) throw new Error('python3 ≥ 3.10 with the venv module is needed for Schemathesis');
    fs.rmSync(fuzzVenvDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(fuzzVenvDir), { recursive: true });
    execFileSync('python3', ['-m', 'venv', fuzzVenvDir], { stdio: 'inherit' });
    const pip = path.join(fuzzVenvDir, 'bin', 'pip');
    // --no-deps: requirements.txt lists the whole closure, pinned, so nothing floats between runs.
    execFileSync(pip, ['install', '-q', '--disable-pip-version-check', '--no-deps', '-r', requirementsFile], {
      stdio: 'inherit',
    });
    execFileSync(pip, ['check', '--disable-pip-version-check'], { stdio: 'inherit' });
    const version = execFileSync(schemathesisBin, ['--version'], { encoding: 'utf8' }).trim();
    if (!version.includes(SCHEMATHESIS_VERSION))
      throw new Error(`expected Schemathesis ${SCHEMATHESIS_VERSION}, the venv has: ${version}`);
    fs.writeFileSync(marker, requirementsHash());
    return `installed ${version} into ${fuzzVenvDir}`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureSchemathesis();
  console.log(schemathesisBin);
}
