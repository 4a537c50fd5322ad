import { GraphQLClient } from 'graphql-request';

// GET: answers carry Cache-Control and an ETag, so a browser's or a proxy's cache can serve repeats.
export function createTinkrGraphQLRequestClient(url: string, token?: string): GraphQLClient {
  return new GraphQLClient(url, { method: 'GET', headers: token ? { authorization: `Bearer ${token}` } : {} });
}
