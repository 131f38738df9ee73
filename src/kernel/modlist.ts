// The `modules` list (kernel/module/main.c's list of struct module: newest first, the order
// /proc/modules shows), kept in frozen chunks, oldest first: adding a module copies the newest
// chunk and the list of chunks, never the whole list, which a real tree makes 4,000 names long.

/** Chunks of names in the order they were added, oldest first: read with moduleNames(). */
export type ModuleList = readonly (readonly string[])[];

const CHUNK = 256;

export const EMPTY_MODULE_LIST: ModuleList = Object.freeze([]);

const flattened = new WeakMap<ModuleList, readonly string[]>();

/** The names, newest first (made once per list). */
export function moduleNames(list: ModuleList): readonly string[] {
  let names = flattened.get(list);
  if (!names) {
    const out: string[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const chunk = list[i]!;
      for (let j = chunk.length - 1; j >= 0; j--) out.push(chunk[j]!);
    }
    flattened.set(list, (names = Object.freeze(out)));
  }
  return names;
}

/** The list with `name` added as the newest. */
export function withModule(list: ModuleList, name: string): ModuleList {
  const chunks = Array.from(list);
  const last = chunks[chunks.length - 1];
  if (last && last.length < CHUNK) {
    const grown = Array.from(last);
    grown.push(name);
    chunks[chunks.length - 1] = Object.freeze(grown);
  } else {
    chunks.push(Object.freeze([name]));
  }
  return Object.freeze(chunks);
}

/** The list without `name` (unchanged when it is not there). */
export function withoutModule(list: ModuleList, name: string): ModuleList {
  for (let i = list.length - 1; i >= 0; i--) {
    const chunk = list[i]!;
    if (!chunk.includes(name)) continue;
    const chunks = Array.from(list);
    const rest = chunk.filter((n) => n !== name);
    if (rest.length > 0) chunks[i] = Object.freeze(rest);
    else chunks.splice(i, 1);
    return Object.freeze(chunks);
  }
  return list;
}
