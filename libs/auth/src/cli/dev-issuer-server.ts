// Runs the local dev issuer (JWKS + OIDC discovery) for the local stack.
//   DEV_ISSUER_PORT (default 9400), DEV_ISSUER_HOST (default 127.0.0.1), AUTH_DEV_KEY_FILE (required),
//   DEV_ISSUER_URL (advertised issuer, when reached through another name, e.g. in containers).
import { startDevIssuer } from '../dev-issuer';

async function main(): Promise<void> {
  const port = Number(process.env.DEV_ISSUER_PORT ?? 9400);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`DEV_ISSUER_PORT must be a port number, got ${process.env.DEV_ISSUER_PORT}`);
  const keyFile = process.env.AUTH_DEV_KEY_FILE;
  if (!keyFile) throw new Error('AUTH_DEV_KEY_FILE is required');
  const issuer = await startDevIssuer({
    port,
    keyFile,
    host: process.env.DEV_ISSUER_HOST ?? '127.0.0.1',
    issuer: process.env.DEV_ISSUER_URL || undefined,
  });
  process.stdout.write(
    `${JSON.stringify({ level: 'info', msg: 'dev issuer listening', issuer: issuer.issuer, jwks: issuer.jwksUrl })}\n`,
  );
  const stop = () => issuer.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`dev-issuer: ${e.message}\n`);
  process.exit(1);
});
