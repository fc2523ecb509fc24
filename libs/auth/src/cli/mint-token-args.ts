// Argument parsing for the mint-token CLI (hand-written: the CLI runs as plain node from dist/).
import { DEFAULT_AUDIENCE, type MintTokenOptions, parseDuration } from '../dev-issuer';
import { ROLES, isRole, parseJurisdiction, roleJurisdictionMismatch } from '../roles';

export const MINT_TOKEN_HELP = `mint-token — sign a JWT with the local dev issuer key (local stack and tests only, never production)

usage: node dist/libs/auth/src/cli/mint-token.js --role <role> --jurisdiction <code> [options]

  --role <role>              one of: ${ROLES.join(', ')}
  --jurisdiction <code>      division code (430523 county, 430523101 township, 430523101201 village)
                             or dept:<department>[@<division code>], e.g. dept:medical_aid@430523
  --sub <id>                 subject (default dev-<role>)
  --name <name>              display name, e.g. 张三
  --ttl <duration>           30s, 15m, 8h, 2d or seconds (default 8h)
  --key-file <path>          default $AUTH_DEV_KEY_FILE (the running dev issuer's key)
  --issuer <url>             default $AUTH_ISSUER
  --audience <aud>           default $AUTH_AUDIENCE, else ${DEFAULT_AUDIENCE}
  --help                     this text

Prints the token only, e.g.  curl -H "Authorization: Bearer $(npm run -s token -- --role ...)" …`;

const FLAGS = ['role', 'jurisdiction', 'sub', 'name', 'ttl', 'key-file', 'issuer', 'audience'] as const;
type Flag = (typeof FLAGS)[number];

export class UsageError extends Error {
  override name = 'UsageError';
}

export type MintTokenCommand = { kind: 'help' } | { kind: 'mint'; options: MintTokenOptions };

/** `--flag value` or `--flag=value`; each flag at most once; unknown flags and stray words are errors. */
function readFlags(argv: readonly string[]): Partial<Record<Flag, string>> {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(word);
    if (!m) throw new UsageError(`unexpected argument "${word}"`);
    const flag = m[1] as Flag;
    if (!FLAGS.includes(flag)) throw new UsageError(`unknown option --${m[1]}`);
    if (values[flag] !== undefined) throw new UsageError(`--${flag} given twice`);
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${flag} needs a value`);
      i++;
    }
    values[flag] = value;
  }
  return values;
}

export function parseMintTokenArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): MintTokenCommand {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const flags = readFlags(argv);
  const { role, jurisdiction: jurisdictionArg } = flags;
  if (role === undefined) throw new UsageError('--role is required');
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (jurisdictionArg === undefined) throw new UsageError('--jurisdiction is required');
  const jurisdiction = parseJurisdiction(jurisdictionArg);
  if (!jurisdiction)
    throw new UsageError(
      `--jurisdiction "${jurisdictionArg}" is neither a division code (2/4/6/9/12 digits) nor dept:<department>[@<division code>]`,
    );
  const mismatch = roleJurisdictionMismatch(role, jurisdiction);
  if (mismatch) throw new UsageError(`--role ${role} with --jurisdiction ${jurisdictionArg}: ${mismatch}`);
  const ttl = flags.ttl ?? '8h';
  let seconds: number;
  try {
    seconds = parseDuration(ttl);
  } catch (e) {
    throw new UsageError(`--ttl: ${(e as Error).message}`);
  }
  if (seconds <= 0) throw new UsageError('--ttl must be positive');
  const keyFile = flags['key-file'] ?? env['AUTH_DEV_KEY_FILE'];
  const issuer = flags.issuer ?? env['AUTH_ISSUER'];
  if (!keyFile) throw new UsageError('--key-file (or AUTH_DEV_KEY_FILE) is required; `npm start` prints it');
  if (!issuer) throw new UsageError('--issuer (or AUTH_ISSUER) is required; `npm start` prints it');
  return {
    kind: 'mint',
    options: {
      keyFile,
      issuer,
      audience: flags.audience ?? env['AUTH_AUDIENCE'] ?? DEFAULT_AUDIENCE,
      subject: flags.sub ?? `dev-${role}`,
      role,
      jurisdiction: jurisdictionArg,
      ...(flags.name ? { name: flags.name } : {}),
      expiresIn: seconds,
    },
  };
}
