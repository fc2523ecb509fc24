// Start only the servers of a profile (PostgreSQL, Kafka, Temporal, dev issuer), print the
// environment to export, and keep running until Ctrl-C. For running one service alone, or a test
// file by hand:  npm run stack -- test   then, in another shell, `source .stack/test/env.sh`.
import fs from 'node:fs';
import path from 'node:path';
import { build } from '../build.mjs';
import { stackDown, stackUp } from './up.mjs';

const profile = process.argv[2] ?? 'dev';
await build();
const { layout, env } = await stackUp(profile, { ui: profile === 'dev' });
const envFile = path.join(layout.dir, 'env.sh');
fs.writeFileSync(
  envFile,
  Object.entries(env)
    .map(([k, v]) => `export ${k}='${v}'`)
    .join('\n') + '\n',
);
console.log(`\nservers of profile "${profile}" are up. Environment: source ${envFile}\nCtrl-C stops them.`);
const stop = () => stackDown().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await new Promise(() => {});
