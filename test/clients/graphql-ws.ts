import { createClient, type Client } from 'graphql-ws';

// graphql-ws on the same /graphql path; the token goes in connection_init.
export function createTinkrWsClient(url: string, token?: string): Client {
  return createClient({ url, connectionParams: token ? { authorization: `Bearer ${token}` } : {} });
}
