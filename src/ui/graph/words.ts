// The words the graph shows and reads out for a module.
import type { GNode } from './model';

export const STATE_WORD: Record<GNode['state'], string> = {
  UNFORMED: 'UNFORMED', COMING: 'COMING', LIVE: 'LIVE', GOING: 'GOING', AVAILABLE: 'available',
};

export const INFLIGHT_WORD = { init_module: 'loading', delete_module: 'unloading' } as const;

/** "exporter, LIVE, refs 1, used by user": a node's accessible name and its line in the text list. */
export function nodeSentence(n: GNode): string {
  const parts = [n.id, STATE_WORD[n.state]];
  if (n.inflight) parts.push(INFLIGHT_WORD[n.inflight]);
  if (n.refs !== null) parts.push(`refs ${n.refs}`);
  if (n.usedBy.length) parts.push(`used by ${n.usedBy.join(' ')}`);
  return parts.join(', ');
}
