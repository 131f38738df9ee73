// Copy-on-write for the reducer, written out instead of immer's proxies (which cost about half of
// a module load on a tree of 4,000 modules: a trap on every read, a walk of every draft after).
//
// The rule: every state the reducer returns is deep-frozen. An action starts from a shallow copy
// of the root, and before it changes an object it asks for its own copy with own(): an object that
// is not frozen was made during this action and may be changed in place; a frozen one belongs to
// earlier states and is copied once, into its parent (which must be the action's own already).
// At the end the new objects are frozen in turn (inAction()). A write that forgot own() hits a frozen object
// and throws (ES modules are strict), so a missed copy cannot silently rewrite history: the tests
// find it.

/** A shallow copy of an array, a plain object or a prototype-less map (the tries' leaves).
 * Array.from: V8 copies a frozen array through a slow path with slice() or spread. */
function shallowCopy<T extends object>(value: T): T {
  if (Array.isArray(value)) return Array.from(value) as T;
  if (Object.getPrototypeOf(value) === null) return Object.assign(Object.create(null) as object, value) as T;
  return { ...value };
}

/** The copies own() made during the running action, each followed by the object it copies
 * (null outside an action: there own() meets only unfrozen objects, which it does not copy). */
let copies: object[] | null = null;

/** The object at parent[key], made this action's own (copied once if it is not yet); `parent`
 * must already be the action's own. */
export function own<P extends object, K extends keyof P>(parent: P, key: K): NonNullable<P[K]> {
  const child = parent[key] as object;
  if (!Object.isFrozen(child)) return child as NonNullable<P[K]>;
  const copy = shallowCopy(child);
  copies?.push(copy, child);
  parent[key] = copy as P[K];
  return copy as NonNullable<P[K]>;
}

/** own(), or a new object from `make` where parent[key] is still empty. */
export function ownOr<P extends object, K extends keyof P>(parent: P, key: K, make: () => NonNullable<P[K]>): NonNullable<P[K]> {
  if (parent[key] === undefined) return (parent[key] = make());
  return own(parent, key);
}

/** Runs one action on `next`, a shallow copy of the frozen state `prev`, and freezes what it made:
 * each copy of own() is compared with the object it copies, slot by slot, and only a slot that
 * differs is looked into (most of a copied trie node or module is shared and already frozen). A
 * parent is copied before its children, so the copies are frozen last first, children first. */
export function inAction<T extends object>(next: T, prev: T, action: (next: T) => void): T {
  const made: object[] = [];
  copies = made;
  try {
    action(next);
  } finally {
    copies = null;
  }
  for (let i = made.length - 2; i >= 0; i -= 2) freezeChanged(made[i]!, made[i + 1]!);
  return freezeChanged(next, prev);
}

/** Freezes `next`, a copy of the frozen `prev` made by one action, and whatever is new in it:
 * a part still shared with `prev` is not even asked whether it is frozen (for a big map, such as
 * the file system's, V8 answers that by checking every property). */
export function freezeChanged<T extends object>(next: T, prev: T): T {
  if (Array.isArray(next)) {
    for (let i = 0; i < next.length; i++) if (next[i] !== (prev as unknown[])[i]) deepFreeze(next[i]);
  } else {
    for (const key in next) if (next[key] !== prev[key]) deepFreeze(next[key]);
  }
  return Object.freeze(next);
}

/** Freezes `value` and everything in it, children first, so that a frozen object never holds an
 * unfrozen one: the walk stops at anything already frozen (the parts shared with earlier states). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return Object.freeze(value);
}
