// Reading Accept with its parameters: which GraphQL multipart dialect a client asks for.
import { describe, expect, it } from 'vitest';
import { mediaRanges } from '../../src/server/accept-header.ts';
import { closeReason } from '../../src/server/graphql-ws-server.ts';
import { asksIncrementalSpecV02 } from '../../src/server/use-incremental-delivery-format.ts';
import { prefersMultipartSubscription } from '../../src/server/use-multipart-subscriptions.ts';

const request = (accept: string) => new Request('http://tinkr.test/graphql', { headers: { accept } });

describe('mediaRanges', () => {
  it('keeps parameters (unquoted, names lower-cased), orders by q then by position, drops q=0', () => {
    expect(mediaRanges('application/json;q=0.9, multipart/mixed;boundary=graphql;subscriptionSpec="1.0", text/html;q=0, */*;q=0.1').map(({ type, params, q }) => ({ type, params: Object.fromEntries(params), q }))).toEqual([
      { type: 'multipart/mixed', params: { boundary: 'graphql', subscriptionspec: '1.0' }, q: 1 },
      { type: 'application/json', params: {}, q: 0.9 },
      { type: '*/*', params: {}, q: 0.1 },
    ]);
    expect(mediaRanges(null)).toEqual([]);
  });
});

describe('the dialect a client asks for', () => {
  it("reads Apollo Client 4's Accept headers", () => {
    const json = 'application/graphql-response+json,application/json;q=0.9';
    expect(asksIncrementalSpecV02(request(`multipart/mixed;incrementalSpec=v0.2,${json}`))).toBe(true);
    expect(asksIncrementalSpecV02(request(`multipart/mixed;deferSpec=20220824,${json}`))).toBe(false);
    expect(asksIncrementalSpecV02(request('multipart/mixed'))).toBe(false);
    expect(prefersMultipartSubscription(request(`multipart/mixed;boundary=graphql;subscriptionSpec=1.0,${json}`))).toBe(true);
    expect(prefersMultipartSubscription(request('multipart/mixed;subscriptionSpec="1.0"'))).toBe(true);
  });

  it('prefers SSE for a subscription when the client lists it first, and plain multipart is not the subscription protocol', () => {
    expect(prefersMultipartSubscription(request('text/event-stream, multipart/mixed;subscriptionSpec=1.0'))).toBe(false);
    expect(prefersMultipartSubscription(request('text/event-stream;q=0.5, multipart/mixed;subscriptionSpec=1.0'))).toBe(true);
    expect(prefersMultipartSubscription(request('multipart/mixed'))).toBe(false);
    expect(prefersMultipartSubscription(request('*/*'))).toBe(false);
  });
});

describe('closeReason', () => {
  it('keeps a WebSocket close reason within 123 bytes, whole characters only', () => {
    expect(closeReason('short')).toBe('short');
    const long = closeReason(`CORS: server.cors_origins does not list this page's origin, https://${'é'.repeat(80)}.example`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(123);
    expect(long).toMatch(/^CORS: server\.cors_origins does not list this page's origin, https:\/\/é+\.\.\.$/);
  });
});
