import { Client, Connection } from '@temporalio/client';

export interface TemporalSettings {
  address: string;
  namespace: string;
}

export async function connectTemporalClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address, connectTimeout: 5000 });
  return new Client({ connection, namespace: settings.namespace });
}

/** Readiness: the frontend answers and the namespace exists. */
export async function temporalReachable(client: Client): Promise<void> {
  await client.connection.workflowService.describeNamespace({ namespace: client.options.namespace });
}
