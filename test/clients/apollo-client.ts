import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQL17Alpha9Handler } from '@apollo/client/incremental';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { sha256 } from 'crypto-hash';

export function createTinkrApolloClient(uri: string, token?: string): ApolloClient {
  return new ApolloClient({
    cache: new InMemoryCache(),
    // @defer and @stream in GraphQL 17's format (Accept: multipart/mixed;incrementalSpec=v0.2).
    incrementalHandler: new GraphQL17Alpha9Handler(),
    link: ApolloLink.from([
      // Automatic persisted queries: the hash first (a cacheable GET), the text once when unknown.
      new PersistedQueryLink({ sha256, useGETForHashedQueries: true }),
      // Subscriptions go over HTTP multipart too (Accept: multipart/mixed;subscriptionSpec=1.0).
      new HttpLink({ uri, headers: token ? { authorization: `Bearer ${token}` } : {} }),
    ]),
  });
}
