// A bounded FIFO on a ring buffer: O(1) push and shift, no allocation once it has grown to its bound.

export class BoundedQueue<T> {
  #items: (T | undefined)[];
  #head = 0;
  #length = 0;
  #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
    // Grows on demand up to the bound: most queues stay short, and a 100k bound should not cost 100k slots.
    this.#items = new Array<T | undefined>(Math.min(capacity, 64));
  }

  get length(): number {
    return this.#length;
  }

  get capacity(): number {
    return this.#capacity;
  }

  get full(): boolean {
    return this.#length >= this.#capacity;
  }

  /** Adds at the tail; the caller checks `full` first. */
  push(item: T): void {
    if (this.#length >= this.#items.length) this.#grow();
    this.#items[(this.#head + this.#length) % this.#items.length] = item;
    this.#length++;
  }

  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#length--;
    return item;
  }

  /** Removes up to `n` items from the head. */
  take(n: number): T[] {
    const out: T[] = [];
    while (out.length < n && this.#length > 0) out.push(this.shift() as T);
    return out;
  }

  /** Puts items back at the head, in their order (a batch that must wait); may exceed the bound briefly. */
  unshiftAll(items: readonly T[]): void {
    const rest = this.take(this.#length);
    this.#items = new Array<T | undefined>(Math.max(64, items.length + rest.length));
    this.#head = 0;
    this.#length = 0;
    for (const item of items) this.#items[this.#length++] = item;
    for (const item of rest) this.#items[this.#length++] = item;
  }

  clear(): number {
    const n = this.#length;
    this.#items = new Array<T | undefined>(Math.min(this.#capacity, 64));
    this.#head = 0;
    this.#length = 0;
    return n;
  }

  /** A new bound; items beyond it are removed from the head (oldest first) and their count returned. */
  resize(capacity: number): number {
    this.#capacity = capacity;
    let dropped = 0;
    while (this.#length > capacity) {
      this.shift();
      dropped++;
    }
    return dropped;
  }

  #grow(): void {
    const size = Math.max(this.#length + 1, Math.min(this.#capacity, Math.max(64, this.#items.length * 2)));
    const next = new Array<T | undefined>(size);
    for (let i = 0; i < this.#length; i++) next[i] = this.#items[(this.#head + i) % this.#items.length];
    this.#items = next;
    this.#head = 0;
  }
}
