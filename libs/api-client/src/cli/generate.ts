// npm run api-client              fetch every running service's /docs-json; write the committed documents and clients
// npm run api-client -- --check   write nothing; exit 1 naming every file that differs from what the services serve
// npm run api-client -- --committed   no services: exit 1 unless the committed clients are what the committed documents make
// The services must be running: `npm start` (dev ports), or a stack whose environment is exported (<SERVICE>_PORT).
import fs from 'node:fs';
import path from 'node:path';
import { SERVICES, clientFile, documentFile, documentText, repoRoot } from '../documents';
import { clientText } from '../generate';

const DEV_PORTS: Record<string, number> = {
  'identification-service': 3001,
  'relocation-service': 3002,
  'industry-service': 3003,
  'medical-aid-service': 3004,
  'notice-service': 3005,
};
const envPrefix = (service: string) =>
  service
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase();
const baseUrl = (service: string) =>
  `http://127.0.0.1:${process.env[`${envPrefix(service)}_PORT`] ?? DEV_PORTS[service]}`;

async function served(service: string): Promise<object> {
  const url = `${baseUrl(service)}/docs-json`;
  const res = await fetch(url).catch((e: Error & { cause?: { code?: string } }) => {
    throw new Error(
      `${service} does not answer at ${url} (${e.cause?.code ?? e.message}): start the platform first (npm start)`,
    );
  });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as object;
}

const committed = async (service: string): Promise<object> =>
  JSON.parse(fs.readFileSync(documentFile(service), 'utf8')) as object;

async function main(): Promise<void> {
  const fromCommitted = process.argv.includes('--committed');
  const check = fromCommitted || process.argv.includes('--check');
  const root = repoRoot();
  const stale: string[] = [];
  for (const service of SERVICES) {
    const document = await (fromCommitted ? committed(service) : served(service));
    for (const [file, text] of [
      [documentFile(service), documentText(document)],
      [clientFile(service), await clientText(service, document)],
    ]) {
      if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
      stale.push(path.relative(root, file));
      if (!check) fs.writeFileSync(file, text);
    }
  }
  if (check && stale.length > 0) {
    const against = fromCommitted ? 'the committed OpenAPI documents' : 'what the services serve';
    console.error(
      `✗ the typed client differs from ${against}:\n  ${stale.join('\n  ')}\nregenerate with: npm run api-client`,
    );
    process.exit(1);
  }
  console.log(
    stale.length > 0
      ? `✓ wrote ${stale.join(', ')}`
      : `✓ the typed client matches ${fromCommitted ? 'the committed documents' : 'what the services serve'}`,
  );
}

main().catch((e: Error) => {
  console.error(`✗ ${e.message}`);
  process.exit(2);
});
