import { MINT_TOKEN_HELP, UsageError, parseMintTokenArgs } from './mint-token-args';

const env = { AUTH_DEV_KEY_FILE: '/tmp/key.json', AUTH_ISSUER: 'http://127.0.0.1:9400' };

const usage = (argv: string[], environment: Record<string, string | undefined> = env): string => {
  try {
    parseMintTokenArgs(argv, environment);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error('expected a usage error');
};

describe('parseMintTokenArgs', () => {
  it('reads the minimal command with defaults from the environment', () => {
    expect(parseMintTokenArgs(['--role', 'county_approver', '--jurisdiction', '430523'], env)).toEqual({
      kind: 'mint',
      options: {
        keyFile: '/tmp/key.json',
        issuer: 'http://127.0.0.1:9400',
        audience: 'fupin-platform',
        subject: 'dev-county_approver',
        role: 'county_approver',
        jurisdiction: '430523',
        expiresIn: 8 * 3600,
      },
    });
  });

  it('reads every option, in --flag value and --flag=value forms', () => {
    const argv = [
      '--role=department_officer',
      '--jurisdiction',
      'dept:medical_aid@430523',
      '--sub',
      'u1',
      '--name=张三',
      '--ttl',
      '15m',
      '--key-file',
      '/k.json',
      '--issuer=http://i',
      '--audience',
      'aud',
    ];
    expect(parseMintTokenArgs(argv, { ...env, AUTH_AUDIENCE: 'env-aud' })).toEqual({
      kind: 'mint',
      options: {
        keyFile: '/k.json',
        issuer: 'http://i',
        audience: 'aud',
        subject: 'u1',
        name: '张三',
        role: 'department_officer',
        jurisdiction: 'dept:medical_aid@430523',
        expiresIn: 900,
      },
    });
  });

  it('takes the audience from AUTH_AUDIENCE when not given', () => {
    const command = parseMintTokenArgs(['--role', 'ops', '--jurisdiction', '43'], { ...env, AUTH_AUDIENCE: 'env-aud' });
    expect(command.kind === 'mint' && command.options.audience).toBe('env-aud');
  });

  it('answers --help (and -h) with the help text', () => {
    expect(parseMintTokenArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseMintTokenArgs(['--role', 'x', '-h'], {})).toEqual({ kind: 'help' });
    expect(MINT_TOKEN_HELP).toContain('--jurisdiction');
  });

  it.each([
    [['--jurisdiction', '430523'], /--role is required/],
    [['--role', 'governor', '--jurisdiction', '430523'], /--role must be one of/],
    [['--role', 'county_approver'], /--jurisdiction is required/],
    [['--role', 'county_approver', '--jurisdiction', '4305231'], /neither a division code/],
    [['--role', 'village_cadre', '--jurisdiction', '430523'], /village code/],
    [['--role', 'department_officer', '--jurisdiction', '430523'], /dept:/],
    [['--role', 'county_approver', '--jurisdiction', '430523', '--ttl', 'soon'], /--ttl: invalid duration/],
    [['--role', 'county_approver', '--jurisdiction', '430523', '--ttl', '0'], /--ttl must be positive/],
    [['--role', 'county_approver', '--jurisdiction', '430523', '--colour', 'red'], /unknown option --colour/],
    [['--role', 'county_approver', '--jurisdiction', '430523', 'extra'], /unexpected argument "extra"/],
    [['--role', 'county_approver', '--jurisdiction'], /--jurisdiction needs a value/],
    [['--role', '--jurisdiction', '430523'], /--role needs a value/],
    [['--role', 'ops', '--role', 'auditor', '--jurisdiction', '43'], /given twice/],
  ])('refuses %j', (argv, message) => {
    expect(usage(argv)).toMatch(message);
  });

  it('requires a key file and an issuer, from flags or the environment', () => {
    expect(usage(['--role', 'ops', '--jurisdiction', '43'], { AUTH_ISSUER: 'http://i' })).toMatch(/--key-file/);
    expect(usage(['--role', 'ops', '--jurisdiction', '43'], { AUTH_DEV_KEY_FILE: '/k' })).toMatch(/--issuer/);
  });
});
