import { Client, fetchExchange } from '@urql/core';

// urql's defaults: queries as GET while the URL is short enough, @defer in the 2022 format.
export function createTinkrUrqlClient(url: string, token?: string): Client {
  return new Client({
    url,
    exchanges: [fetchExchange],
    fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
  });
}
