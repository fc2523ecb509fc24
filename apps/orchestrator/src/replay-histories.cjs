// Replays recorded workflow histories against the current workflow code, in plain Node (Jest's module
// registry breaks protobufjs' type checks). Usage: node replay-histories.cjs <history.json>…
// Exit 0 when every history replays; prints one line per history.
const path = require('node:path');
const fs = require('node:fs');
const { Worker } = require('@temporalio/worker');

const root = path.resolve(__dirname, '..', '..', '..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const alias = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([k, [v]]) => [k, path.join(root, v)]),
);

(async () => {
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const history = JSON.parse(fs.readFileSync(file, 'utf8'));
    try {
      await Worker.runReplayHistory(
        {
          workflowsPath: path.join(__dirname, 'workflows.ts'),
          bundlerOptions: {
            webpackConfigHook: (config) => ({
              ...config,
              resolve: { ...config.resolve, alias: { ...(config.resolve && config.resolve.alias), ...alias } },
            }),
          },
        },
        history,
        path.basename(file),
      );
      console.log(`ok ${file}`);
    } catch (e) {
      failed++;
      console.log(`FAILED ${file}: ${e && e.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
})();
