// Type-check one Nx project (its sources and whatever they import): what `npx nx typecheck <project>` runs.
// The whole repository is checked at once by `npm run typecheck` (tsconfig.json).
//   node tools/typecheck.mjs <project root>      e.g. apps/notice-service
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { repoRoot } from './stack/layout.mjs';

const require = createRequire(import.meta.url);
const root = process.argv[2];
if (!root || !fs.existsSync(path.join(repoRoot, root, 'project.json'))) {
  console.error('usage: node tools/typecheck.mjs <project root>   (a folder with a project.json)');
  process.exit(2);
}
const dir = path.join(repoRoot, 'node_modules', '.cache', 'fupin-typecheck');
fs.mkdirSync(dir, { recursive: true });
const config = path.join(dir, `${root.replace(/\//g, '__')}.json`);
fs.writeFileSync(
  config,
  JSON.stringify({
    extends: path.join(repoRoot, 'tsconfig.base.json'),
    compilerOptions: { noEmit: true },
    include: [path.join(repoRoot, root, '**/*.ts')],
    exclude: ['**/node_modules', '**/fixtures/**'],
  }),
);
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
