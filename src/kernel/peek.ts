// Reading a large part of the state inside the reducer without drafting it: immer makes a proxy
// for every object a draft reads, which made a load with 1,000 modules present scan 1,000
// proxies per symbol. peek() gives the object as it was before this action (callers use it only
// for data the action does not change).
import { isDraft, original } from 'immer';

export function peek<T extends object>(value: T): T {
  return isDraft(value) ? (original(value) as T) : value;
}
