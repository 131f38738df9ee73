// One module on the graph: its name, its state as a word and a colour, its refcount, and when
// it is selected and in use, who uses it (why rmmod refuses).
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GNode } from './model';
import { flightWord, stateWord, type Words } from './words';

export interface ModuleNodeData extends Record<string, unknown> {
  node: GNode;
  selected: boolean;
  /** Changed by the last action: which of two alternating flash animations to play. */
  changed: 'a' | 'b' | null;
  /** Show "used by: …" (the selected module has users). */
  showUsers: boolean;
  w: Words;
}

export type ModuleFlowNode = Node<ModuleNodeData, 'module'>;

function ModuleNodeView({ data }: NodeProps<ModuleFlowNode>) {
  const { node, selected, changed, showUsers, w } = data;
  const classes = ['gnode', `gnode-${node.state}`];
  if (selected) classes.push('gnode-selected');
  if (changed) classes.push(`gnode-changed gnode-changed-${changed}`);
  if (node.inflight) classes.push('gnode-inflight');
  return (
    <div className={classes.join(' ')}>
      {/* Users below point up at what they use. */}
      <Handle type="source" position={Position.Top} isConnectable={false} />
      <div className="gnode-name">{node.id}</div>
      <div className="gnode-meta">
        <span className="gnode-state">{stateWord(node, w)}</span>
        {node.refs !== null && <span className="gnode-refs">{w('refs', { n: node.refs })}</span>}
      </div>
      {node.inflight && <span className="gnode-flight">{flightWord(node, w)}</span>}
      {showUsers && <div className="gnode-users">{w('usedBy.tag', { users: usersText(node.usedBy) })}</div>}
      <Handle type="target" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

export const ModuleNode = memo(ModuleNodeView);

const SHOW_USERS = 3;
function usersText(users: string[]): string {
  const shown = users.slice(0, SHOW_USERS).join(', ');
  return users.length > SHOW_USERS ? `${shown} +${users.length - SHOW_USERS}` : shown;
}
