import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';

function findWorkspaceRoot(start: string): string {
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'tsconfig.base.json'))) return dir;
  }
  throw new Error(`tsconfig.base.json not found above ${start}`);
}

/** Resolve @fupin/* imports in workflow source the same way TypeScript does (tsconfig paths). */
export function workflowBundlerOptions(): Pick<BundleOptions, 'webpackConfigHook'> {
  return {
    webpackConfigHook: (config) => {
      const root = findWorkspaceRoot(__dirname);
      const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as {
        compilerOptions: { paths: Record<string, string[]> };
      };
      const alias: Record<string, string> = {};
      for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths))
        alias[name] = path.join(root, target);
      config.resolve = {
        ...config.resolve,
        alias: { ...(config.resolve?.alias as Record<string, string> | undefined), ...alias },
      };
      return config;
    },
  };
}

/** Build the workflow bundle ahead of time (production): `node dist/.../bundle-cli.js <workflows entry> <out>`. */
export async function writeWorkflowBundle(workflowsPath: string, outFile: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath, ...workflowBundlerOptions() });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
}
