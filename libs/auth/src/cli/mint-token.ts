// Mint a token from the local dev issuer's key: any role and jurisdiction, for the local stack and tests.
//   node dist/libs/auth/src/cli/mint-token.js --role county_approver --jurisdiction 430523 [--sub u1] [--name 张三] [--ttl 8h]
import { mintToken } from '../dev-issuer';
import { ROLES, isRole, parseJurisdiction } from '../roles';

const help = `mint-token — sign a JWT with the local dev issuer key (never for production)
  --role <role>              one of: ${ROLES.join(', ')}
  --jurisdiction <code>      division code (430523, 430523101201) or dept:<department>[@<division>]
  --sub <id>                 subject (default dev-<role>)
  --name <name>              display name
  --ttl <duration>           e.g. 8h, 15m (default 8h)
  --key-file <path>          default $AUTH_DEV_KEY_FILE
  --issuer <url>             default $AUTH_ISSUER
  --audience <aud>           default $AUTH_AUDIENCE or fupin-platform`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.length <= 2) {
    process.stdout.write(`${help}\n`);
    return;
  }
  const role = arg('role');
  const jurisdiction = arg('jurisdiction');
  const keyFile = arg('key-file') ?? process.env.AUTH_DEV_KEY_FILE;
  const issuer = arg('issuer') ?? process.env.AUTH_ISSUER;
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (!parseJurisdiction(jurisdiction)) throw new Error('--jurisdiction must be a division code or dept:<department>[@<division>]');
  if (!keyFile || !issuer) throw new Error('--key-file and --issuer (or AUTH_DEV_KEY_FILE and AUTH_ISSUER) are required; `npm start` prints them');
  const token = await mintToken({
    keyFile, issuer, audience: arg('audience') ?? process.env.AUTH_AUDIENCE, role, jurisdiction: jurisdiction as string,
    subject: arg('sub') ?? `dev-${role}`, name: arg('name'), expiresIn: arg('ttl') ?? '8h',
  });
  process.stdout.write(`${token}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`mint-token: ${e.message}\n`);
  process.exit(2);
});
