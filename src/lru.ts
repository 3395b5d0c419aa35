/**
 * @module lru
 * A bounded map that forgets its least recently used entry when full. Every in-memory cache
 * of Holler is one of these, so none can grow without limit.
 */

/**
 * The same string, flattened. A string built with `+` or a template is, in V8, a tree of
 * "cons" nodes, one per join: a rendered message is some 30 of them. Kept in a cache, every node
 * stays for the old generation's collector to walk on each full collection (the 5,000 cached
 * messages were 170,000 nodes, the largest part of the live heap). Reading a character makes V8
 * copy the text into one flat string in place, and the tree becomes garbage. A flat string is
 * left as it is; either way the text is unchanged.
 */
export function flat<T>(value: T): T {
  if (typeof value === 'string' && value.length > 0) value.charCodeAt(0);
  return value;
}

export class Lru<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key); // re-insert: most recently used last
      this.#map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(flat(key), flat(value));
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as K);
  }

  /** The cached value, or `make()`'s result stored under `key`. */
  getOrSet(key: K, make: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const v = make();
    this.set(key, v);
    return v;
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  get size(): number {
    return this.#map.size;
  }
}
