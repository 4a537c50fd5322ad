// Fair shares of a limited resource (Logs Insights query slots, call permits) between callers.
// Whenever a unit frees up it goes to the waiting caller identity that holds the fewest units now,
// and within that identity to its request that holds the fewest; FIFO inside one request. Ties go
// to the one served longest ago (then the earliest waiter), so callers with waiters take turns
// (round robin). One identity's many requests, or one
// request's many queries, cannot hold a newcomer behind all of its queue: the newcomer holds
// nothing, so it is served next. Auth off, or one token for everyone, is one identity: its
// requests still share fairly among themselves.

/** Whom a unit is held for: the caller's identity (token, JWT subject) and one of its requests. */
export interface FairShareOwner {
  identity: string;
  request: string;
}

/** What an owner-less ask counts as: one owner for all of them, FIFO among themselves. */
const UNNAMED: FairShareOwner = { identity: '', request: '' };

/** A queued ask: withdraw it with `FairShares.withdraw` (e.g. when its signal aborts). */
export interface FairTicket<T> {
  readonly owner: FairShareOwner;
  readonly value: T;
  readonly seq: number;
}

/** Who is served when: `held`, then `served` (longest ago first), then the oldest waiter. */
interface Turn {
  held: number;
  /** When it was last given a unit (a counter); -1: not since it appeared. */
  served: number;
}

interface RequestShare<T> extends Turn {
  /** Insertion-ordered: the first is the request's oldest waiter. */
  waiters: Set<FairTicket<T>>;
}

interface IdentityShare<T> extends Turn {
  waiting: number;
  requests: Map<string, RequestShare<T>>;
}

export interface FairSharesOptions {
  /** False: every ask counts as the same owner, so the order is first come, first served. */
  fair?: boolean;
  /**
   * Units one request may hold at once (fair only): a request at it waits even when units are free,
   * which keeps the rest for other requests that come (one huge request cannot take every unit).
   */
  maxHeldPerRequest?: number;
}

export class FairShares<T> {
  readonly fair: boolean;
  readonly maxHeldPerRequest: number;
  readonly #identities = new Map<string, IdentityShare<T>>();
  #waiting = 0;
  #seq = 0;
  #grants = 0;

  constructor(options: FairSharesOptions = {}) {
    this.fair = options.fair ?? true;
    this.maxHeldPerRequest = this.fair ? (options.maxHeldPerRequest ?? Infinity) : Infinity;
  }

  /** Asks queued now. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Identities (callers) with an ask queued now. */
  get waitingIdentities(): number {
    let count = 0;
    for (const identity of this.#identities.values()) if (identity.waiting > 0) count++;
    return count;
  }

  /** Units held now by the owner's identity (all its requests together). */
  heldBy(owner: FairShareOwner | undefined): number {
    return this.#identities.get(this.#ownerOf(owner).identity)?.held ?? 0;
  }

  /** Counts one unit as held by `owner`, given without waiting. */
  hold(owner: FairShareOwner | undefined): void {
    const key = this.#ownerOf(owner);
    const identity = this.#identity(key.identity);
    this.#serve(identity, this.#request(identity, key.request));
  }

  /** One unit held by `owner` is given back. */
  release(owner: FairShareOwner | undefined): void {
    const key = this.#ownerOf(owner);
    const identity = this.#identities.get(key.identity);
    const request = identity?.requests.get(key.request);
    if (!identity || !request || request.held === 0) throw new Error(`fair shares: ${key.identity}/${key.request} released a unit it does not hold`);
    identity.held--;
    request.held--;
    this.#tidy(key, identity, request);
  }

  /** Queues an ask of `owner`; it leaves the queue through `next` (served) or `withdraw`. */
  enqueue(owner: FairShareOwner | undefined, value: T): FairTicket<T> {
    const key = this.#ownerOf(owner);
    const ticket: FairTicket<T> = { owner: key, value, seq: this.#seq++ };
    const identity = this.#identity(key.identity);
    this.#request(identity, key.request).waiters.add(ticket);
    identity.waiting++;
    this.#waiting++;
    return ticket;
  }

  /** Takes a queued ask out without serving it; false when it was no longer queued. */
  withdraw(ticket: FairTicket<T>): boolean {
    const identity = this.#identities.get(ticket.owner.identity);
    const request = identity?.requests.get(ticket.owner.request);
    if (!identity || !request || !request.waiters.delete(ticket)) return false;
    identity.waiting--;
    this.#waiting--;
    this.#tidy(ticket.owner, identity, request);
    return true;
  }

  /** Whether `next` would serve someone now (some waiter's request is under `maxHeldPerRequest`). */
  get servable(): boolean {
    if (this.#waiting === 0) return false;
    for (const identity of this.#identities.values()) {
      for (const request of identity.requests.values()) if (request.waiters.size > 0 && request.held < this.maxHeldPerRequest) return true;
    }
    return false;
  }

  /** The ask `next` would serve now, left in the queue. */
  peek(): FairTicket<T> | undefined {
    return this.#pick()?.head;
  }

  /**
   * The ask served next (in fair order), taken out of the queue and counted as holding one unit;
   * undefined when nobody waits or every waiting request holds `maxHeldPerRequest`.
   */
  next(): FairTicket<T> | undefined {
    const best = this.#pick();
    if (!best) return undefined;
    this.#take(best.identity, best.request, best.head);
    return best.head;
  }

  /** Serves this ask now if it is still queued and its request under its cap (true), out of turn. */
  serve(ticket: FairTicket<T>): boolean {
    const identity = this.#identities.get(ticket.owner.identity);
    const request = identity?.requests.get(ticket.owner.request);
    if (!identity || !request || !request.waiters.has(ticket) || request.held >= this.maxHeldPerRequest) return false;
    this.#take(identity, request, ticket);
    return true;
  }

  #pick(): { identity: IdentityShare<T>; request: RequestShare<T>; head: FairTicket<T> } | undefined {
    if (this.#waiting === 0) return undefined;
    let best: { identity: IdentityShare<T>; request: RequestShare<T>; head: FairTicket<T> } | undefined;
    for (const identity of this.#identities.values()) {
      if (identity.waiting === 0) continue;
      if (best && identity.held > best.identity.held) continue;
      // The identity's request whose turn it is.
      let pick: { request: RequestShare<T>; head: FairTicket<T> } | undefined;
      for (const request of identity.requests.values()) {
        const head = request.held < this.maxHeldPerRequest ? first(request.waiters) : undefined;
        if (head && (!pick || before(request, head, pick.request, pick.head))) pick = { request, head };
      }
      if (pick && (!best || before(identity, pick.head, best.identity, best.head))) best = { identity, ...pick };
    }
    return best;
  }

  #take(identity: IdentityShare<T>, request: RequestShare<T>, ticket: FairTicket<T>): void {
    request.waiters.delete(ticket);
    identity.waiting--;
    this.#waiting--;
    this.#serve(identity, request);
  }

  /** Takes every queued ask out, unserved (to fail them all at once). */
  drain(): Array<FairTicket<T>> {
    const tickets = [...this.#identities.values()].flatMap((identity) => [...identity.requests.values()].flatMap((request) => [...request.waiters]));
    for (const ticket of tickets) this.withdraw(ticket);
    return tickets;
  }

  #serve(identity: IdentityShare<T>, request: RequestShare<T>): void {
    const turn = this.#grants++;
    identity.held++;
    identity.served = turn;
    request.held++;
    request.served = turn;
  }

  #ownerOf(owner: FairShareOwner | undefined): FairShareOwner {
    return this.fair && owner ? owner : UNNAMED;
  }

  #identity(name: string): IdentityShare<T> {
    let identity = this.#identities.get(name);
    if (!identity) {
      identity = { held: 0, served: -1, waiting: 0, requests: new Map() };
      this.#identities.set(name, identity);
    }
    return identity;
  }

  #request(identity: IdentityShare<T>, name: string): RequestShare<T> {
    let request = identity.requests.get(name);
    if (!request) {
      request = { held: 0, served: -1, waiters: new Set() };
      identity.requests.set(name, request);
    }
    return request;
  }

  /** Forgets owners that hold nothing and wait for nothing (memory stays bounded by live work). */
  #tidy(key: FairShareOwner, identity: IdentityShare<T>, request: RequestShare<T>): void {
    if (request.held === 0 && request.waiters.size === 0) identity.requests.delete(key.request);
    if (identity.held === 0 && identity.requests.size === 0) this.#identities.delete(key.identity);
  }
}

/** Whether `a` (with its oldest waiter `aHead`) is served before `b`. */
function before(a: Turn, aHead: { seq: number }, b: Turn, bHead: { seq: number }): boolean {
  if (a.held !== b.held) return a.held < b.held;
  if (a.served !== b.served) return a.served < b.served;
  return aHead.seq < bHead.seq;
}

function first<T>(set: Set<T>): T | undefined {
  for (const item of set) return item;
  return undefined;
}
