// Idempotent provisioning of the real servers the platform runs on, from package registries only:
//   PostgreSQL  ← Debian's `postgresql` package (apt-get)
//   Kafka       ← Apache Kafka jars from Maven Central (mvn), run with `java`
//   Temporal    ← the Temporal CLI dev server, built with `go install` through the Go module proxy
//   Schemathesis ← PyPI, into a venv (the fuzzer, tools/fuzz/provision.mjs)
//   Chromium, Noto CJK fonts, pdftotext ← Debian's `chromium`, `fonts-noto-cjk`, `poppler-utils` (apt-get), for the
//                console's browser tests only (`npm test`; `npm start` does not need them)
// Each step prints progress and is skipped when its result is already in the per-user cache.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { cacheDir, kafkaLibDir, temporalBin, versions, repoRoot } from './layout.mjs';
import { step, have } from './proc.mjs';
import { ensureSchemathesis } from '../fuzz/provision.mjs';

let aptUpdated = false;
function aptInstall(packages) {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing system packages: ${packages.join(' ')} — install them with: sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versionsFound = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versionsFound.length ? path.join(base, versionsFound[0], 'bin') : null;
}

export function ensurePostgres() {
  return step('PostgreSQL (Debian package)', () => {
    let bin = postgresBinDir();
    if (bin) return `present: ${bin}`;
    aptInstall(['postgresql']);
    bin = postgresBinDir();
    if (!bin) throw new Error('postgresql installed but no initdb found under /usr/lib/postgresql');
    return `installed: ${bin}`;
  });
}

export function ensureKafka() {
  return step(`Kafka ${versions.kafka} (Maven Central)`, () => {
    if (!have('java') || !have('mvn')) aptInstall(['default-jre-headless', 'maven']);
    const marker = path.join(kafkaLibDir, '.complete');
    if (fs.existsSync(marker)) return `cached: ${kafkaLibDir}`;
    fs.mkdirSync(kafkaLibDir, { recursive: true });
    const pom = path.join(repoRoot, 'tools', 'stack', 'kafka', 'pom.xml');
    execFileSync('mvn', ['-B', '-q', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${kafkaLibDir}`], {
      stdio: 'inherit',
    });
    const jars = fs.readdirSync(kafkaLibDir).filter((f) => f.endsWith('.jar'));
    if (!jars.some((j) => j.startsWith(`kafka_2.13-${versions.kafka}`)))
      throw new Error('Kafka jar not resolved from Maven');
    fs.writeFileSync(marker, new Date().toISOString());
    return `resolved ${jars.length} jars into ${kafkaLibDir}`;
  });
}

function goVersionOk() {
  if (!have('go')) return false;
  const out = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim(); // e.g. go1.26.8
  const m = /^go(\d+)\.(\d+)/.exec(out);
  return Boolean(m) && (Number(m[1]) > 1 || Number(m[2]) >= 21); // ≥1.21 can fetch a newer toolchain itself
}

export function ensureTemporal() {
  return step(`Temporal CLI ${versions.temporalCli} (go install)`, () => {
    if (fs.existsSync(temporalBin)) return `cached: ${temporalBin}`;
    if (!goVersionOk()) aptInstall(['golang-go']);
    const gobin = path.dirname(temporalBin);
    fs.mkdirSync(gobin, { recursive: true });
    console.log('  building the Temporal CLI from source (takes a few minutes the first time)…');
    execFileSync('go', ['install', '-trimpath', `github.com/temporalio/cli/cmd/temporal@${versions.temporalCli}`], {
      stdio: 'inherit',
      // GOTOOLCHAIN=auto lets an older Go fetch the toolchain the CLI's go.mod asks for (≥1.25) from the module proxy.
      env: { ...process.env, GOBIN: gobin, GOTOOLCHAIN: 'auto', CGO_ENABLED: '0' },
    });
    return `built: ${temporalBin}`;
  });
}

/** Is a Debian package installed (dpkg-query); false where there is no dpkg. */
function debInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * What the console's browser tests need (apps/console/playwright.config.ts): Debian's Chromium, which Playwright
 * drives (its own browser download is never used), the Noto CJK fonts for Chinese in screenshots and in the printed
 * notice's PDF, and poppler-utils (pdftotext, pdffonts, pdftoppm) to read that PDF back. Only `npm test` asks.
 */
export function ensureBrowserTools() {
  return step('Chromium, Noto CJK fonts, poppler-utils (Debian packages, browser tests)', () => {
    const wanted = [
      ['chromium', () => fs.existsSync(chromiumPath())],
      ['fonts-noto-cjk', () => debInstalled('fonts-noto-cjk')],
      ['poppler-utils', () => have('pdftotext') && have('pdffonts') && have('pdftoppm')],
    ];
    const missing = wanted.filter(([, present]) => !present()).map(([pkg]) => pkg);
    if (missing.length) aptInstall(missing);
    const still = wanted.filter(([, present]) => !present()).map(([pkg]) => pkg);
    if (still.length) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
    const version = spawnSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).stdout.trim();
    return `${missing.length ? `installed ${missing.join(', ')}` : 'present'}: ${version || chromiumPath()}`;
  });
}

export function provisionAll() {
  fs.mkdirSync(cacheDir, { recursive: true });
  ensurePostgres();
  ensureKafka();
  ensureTemporal();
  ensureSchemathesis(); // the fuzzer (tools/fuzz): pinned Schemathesis in a venv, from PyPI
}

if (import.meta.url === `file://${process.argv[1]}`) {
  provisionAll();
  ensureBrowserTools(); // by hand (npm run provision) everything is provisioned, the browser tests' tools too
}
