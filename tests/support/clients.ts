// The services of the running platform through the typed client (libs/api-client), as a department's system calls
// them: paths, parameters, queries and bodies are checked at compile time against the committed OpenAPI documents.
import { serviceClient, type ServiceClient, type ServiceName } from '@fupin/api-client';
import { serviceUrl } from './platform';

/** A client of one service as the bearer of `token`; without one, an anonymous caller (the public reading a notice). */
export function clientFor<S extends ServiceName>(service: S, token?: string): ServiceClient<S> {
  return serviceClient(service, serviceUrl(service), token);
}

/** What an operation answered with one of the `expected` statuses, or an error naming the step, the status and the body. */
export function expectStatus<T>(
  step: string,
  expected: number | readonly number[],
  r: { response: Response; data?: T; error?: unknown },
): T {
  if (!([] as number[]).concat(expected).includes(r.response.status))
    throw new Error(`${step}: ${r.response.status} ${JSON.stringify(r.error ?? r.data)}`);
  return r.data as T;
}

/** The JSON body an operation takes, as its document describes it: `JsonBody<IdentificationPaths['/rounds']['post']>`. */
export type JsonBody<Operation> = Operation extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
