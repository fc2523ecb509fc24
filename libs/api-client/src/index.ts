import createClient, { type Client } from 'openapi-fetch';
import type { paths as IdentificationPaths } from './generated/identification-service';
import type { paths as IndustryPaths } from './generated/industry-service';
import type { paths as MedicalAidPaths } from './generated/medical-aid-service';
import type { paths as NoticePaths } from './generated/notice-service';
import type { paths as RelocationPaths } from './generated/relocation-service';

/**
 * The typed client of the platform's services, generated from their OpenAPI documents (`npm run api-client`).
 * Paths, parameters and bodies are checked at compile time against what each service documents:
 *
 *   const identification = serviceClient('identification-service', 'http://127.0.0.1:3001', token);
 *   const { data, error, response } = await identification.POST('/households', {
 *     params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
 *     body: { villageCode: '430523101201', members: [...] },
 *   });
 */
export interface ServicePaths {
  'identification-service': IdentificationPaths;
  'relocation-service': RelocationPaths;
  'industry-service': IndustryPaths;
  'medical-aid-service': MedicalAidPaths;
  'notice-service': NoticePaths;
}

export type ServiceName = keyof ServicePaths;
export type ServiceClient<S extends ServiceName> = Client<ServicePaths[S]>;

/** A bearer token, or a function that returns a fresh one for each request (tokens live at most 12 h). */
export type TokenSource = string | (() => string | Promise<string>);

/** A client of one service at `baseUrl`; with a token, every request carries `Authorization: Bearer …`. */
export function serviceClient<S extends ServiceName>(
  service: S,
  baseUrl: string,
  token?: TokenSource,
): ServiceClient<S> {
  const client = createClient<ServicePaths[S]>({ baseUrl });
  if (token !== undefined) {
    client.use({
      async onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
        return request;
      },
    });
  }
  return client;
}

export type { IdentificationPaths, IndustryPaths, MedicalAidPaths, NoticePaths, RelocationPaths };
