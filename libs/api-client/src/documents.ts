import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the typed client's sources live (`npm run api-client`): each service's OpenAPI document as committed
 * (`libs/api-client/openapi/<service>.json`) and the TypeScript types made of it
 * (`libs/api-client/src/generated/<service>.ts`). Tests read these without loading the generator.
 */
export const SERVICES = [
  'identification-service',
  'relocation-service',
  'industry-service',
  'medical-aid-service',
  'notice-service',
] as const;

/** The repository root: the nearest folder above `from` whose package.json is this platform's. */
/**
 * Writes that take no body, as `post <path>`: commands whose path says everything (start the clearing procedure of this
 * household, submit this relocation case's plan, approve this tranche). Every other write documents its request body.
 */
export const COMMANDS_WITHOUT_INPUT: readonly string[] = [
  'post /monitoring/{householdId}/clearing',
  'post /cases/{id}/submit',
  'post /cases/{id}/tranches/{milestone}/approve',
  'post /dividend-contracts/{id}/schedule', // re-create the contract's schedule: nothing to say
];

export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fupin-platform')
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no fupin-platform package.json above ${from}`);
  }
}

export const documentFile = (service: string, root = repoRoot()) =>
  path.join(root, 'libs', 'api-client', 'openapi', `${service}.json`);
export const clientFile = (service: string, root = repoRoot()) =>
  path.join(root, 'libs', 'api-client', 'src', 'generated', `${service}.ts`);

/** A document as committed: the JSON the service serves, two-space indented, with a final newline. */
export const documentText = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;
