// Typed slots: one declared slot per thing kept per process, per profile or per request (a cache,
// a limiter, a DataLoader). The slot object itself is the key and fixes the value's type, so two
// modules can never share one entry by accident (as two equal string keys with two types would).
// Values live in a WeakMap of the owner: they go away with their runtime, profile or request.

export class Slot<Owner extends object, T> {
  readonly description: string;
  readonly #create: (owner: Owner) => T;
  readonly #values = new WeakMap<Owner, { value: T }>();

  /** `create` makes the owner's value on first use; `description` names the slot in errors and debugging. */
  constructor(description: string, create: (owner: Owner) => T) {
    this.description = description;
    this.#create = create;
  }

  /** The owner's value, created on first use. */
  of(owner: Owner): T {
    let entry = this.#values.get(owner);
    if (!entry) {
      entry = { value: this.#create(owner) };
      this.#values.set(owner, entry);
    }
    return entry.value;
  }

  /** The owner's value if it was created, without creating it. */
  peek(owner: Owner): T | undefined {
    return this.#values.get(owner)?.value;
  }
}
