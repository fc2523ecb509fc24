// Build: generate each service's Prisma client, compile apps/ and libs/ with swc into dist/
// (decorator metadata for NestJS, @fupin/* aliases rewritten to relative paths), and bundle the
// workflow code ahead of time for the orchestration worker, and build the operator console (apps/console: Vite, ~1 s,
// into dist/apps/console; swc leaves it alone).
//   node tools/build.mjs            full build
//   node tools/build.mjs --generate only the Prisma clients (what tests need)
//   node tools/build.mjs --project <root>   one Nx project (its Prisma client, its sources; the workflow bundle for
//                                          the orchestrator) — `npx nx build <project>` builds its libs first
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { repoRoot, services } from './stack/layout.mjs';
import { step } from './stack/proc.mjs';
import { schemaEngineEnv } from './stack/prisma-env.mjs';
import { buildConsole } from './console/build.mjs';

const require = createRequire(import.meta.url);
const distDir = path.join(repoRoot, 'dist');
const consoleRoot = path.join(repoRoot, 'apps', 'console');

export function generatePrismaClients(names = services.map((s) => s.name)) {
  return step('Prisma clients (prisma generate)', () => {
    const env = { ...process.env, ...schemaEngineEnv() };
    for (const svc of services.filter((s) => names.includes(s.name))) {
      execFileSync(
        path.join(repoRoot, 'node_modules', '.bin', 'prisma'),
        ['generate', '--config', path.join('apps', svc.name, 'prisma.config.ts')],
        {
          cwd: repoRoot,
          env,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    }
    return `${names.length} client(s)`;
  });
}

function listSources(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (['node_modules', 'fixtures'].includes(entry.name)) continue;
      if (full === consoleRoot) continue; // browser code, built by Vite (tools/console/build.mjs)
      listSources(full, out);
    } else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.spec.ts') &&
      !entry.name.endsWith('.d.ts') &&
      entry.name !== 'prisma.config.ts'
    ) {
      out.push(full);
    }
  }
  return out;
}

export async function compile(roots = ['apps', 'libs']) {
  return step(`compile ${roots.join(', ')} (swc → dist/)`, async () => {
    const swc = require('@swc/core');
    const options = JSON.parse(fs.readFileSync(path.join(repoRoot, '.swcrc.json'), 'utf8'));
    delete options.$comment;
    const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tsconfig.base.json'), 'utf8'));
    options.jsc.baseUrl = repoRoot;
    options.jsc.paths = compilerOptions.paths;
    const files = roots.flatMap((root) => listSources(path.join(repoRoot, root)));
    if (roots.length === 2 && roots[0] === 'apps') fs.rmSync(distDir, { recursive: true, force: true });
    else for (const root of roots) fs.rmSync(path.join(distDir, root), { recursive: true, force: true });
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const file = files[next++];
        const rel = path.relative(repoRoot, file);
        const out = path.join(distDir, rel.replace(/\.ts$/, '.js'));
        const result = await swc.transformFile(file, {
          ...options,
          swcrc: false,
          filename: file,
          sourceFileName: path.relative(path.dirname(out), file),
        });
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, `${result.code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
        if (result.map) fs.writeFileSync(`${out}.map`, result.map);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return `${files.length} files`;
  });
}

export async function bundleWorkflows() {
  return step('workflow bundle (ahead of time)', async () => {
    const { writeWorkflowBundle } = require(path.join(distDir, 'libs/workflow-runtime/src/bundle.js'));
    const out = path.join(distDir, 'workflow-bundle.js');
    await writeWorkflowBundle(path.join(distDir, 'apps/orchestrator/src/workflows.js'), out);
    return `${(fs.statSync(out).size / 1024).toFixed(0)} KiB`;
  });
}

export async function build() {
  generatePrismaClients();
  await compile();
  await bundleWorkflows();
  buildConsole();
}

/** One Nx project: what `nx build <project>` runs after building the libs it imports. */
export async function buildProject(root) {
  if (path.resolve(repoRoot, root) === consoleRoot) return buildConsole({ force: true });
  const name = path.basename(root);
  if (fs.existsSync(path.join(repoRoot, root, 'prisma.config.ts'))) generatePrismaClients([name]);
  await compile([root]);
  if (root === 'apps/orchestrator') await bundleWorkflows();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const project = process.argv.indexOf('--project');
  const run = process.argv.includes('--generate')
    ? async () => generatePrismaClients()
    : project > 0
      ? () => buildProject(process.argv[project + 1])
      : build;
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
