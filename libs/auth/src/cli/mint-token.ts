// Mint a token from the local dev issuer's key: any role and jurisdiction, for the local stack and tests.
//   node dist/libs/auth/src/cli/mint-token.js --role county_approver --jurisdiction 430523 [--sub u1] [--name 张三] [--ttl 8h]
// Exit codes: 0 token printed, 2 usage error, 1 anything else.
import fs from 'node:fs';
import { mintToken } from '../dev-issuer';
import { MINT_TOKEN_HELP, UsageError, parseMintTokenArgs } from './mint-token-args';

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) {
    process.stderr.write(`${MINT_TOKEN_HELP}\n`);
    return 2;
  }
  const command = parseMintTokenArgs(argv, process.env);
  if (command.kind === 'help') {
    process.stdout.write(`${MINT_TOKEN_HELP}\n`);
    return 0;
  }
  // never create a key here: a token signed by a fresh key would not verify against the running issuer
  if (!fs.existsSync(command.options.keyFile)) {
    throw new UsageError(`key file ${command.options.keyFile} not found; start the dev issuer first (npm start)`);
  }
  process.stdout.write(`${await mintToken(command.options)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const usage = e instanceof UsageError;
    process.stderr.write(
      `mint-token: ${e instanceof Error ? e.message : String(e)}${usage ? ' (--help for usage)' : ''}\n`,
    );
    process.exitCode = usage ? 2 : 1;
  },
);
