// One module on the graph: its name, its state as a word and a colour, its refcount, and when
// it is selected and in use, who uses it (why rmmod refuses).
import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
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

// The edges' ends. React Flow measures a node's handles once it is drawn (the elements with class
// "source" / "target" and their data-handlepos); its <Handle> component would also subscribe each
// one to React Flow's store for connecting by drag, which this graph never does: with 400 nodes,
// 800 subscriptions evaluated on every pan and zoom frame. Plain elements are enough.
const SOURCE = <div className="react-flow__handle react-flow__handle-top source" data-handlepos="top" />;
const TARGET = <div className="react-flow__handle react-flow__handle-bottom target" data-handlepos="bottom" />;

const SHOW_USERS = 3;
function usersText(users: string[]): string {
  const shown = users.slice(0, SHOW_USERS).join(', ');
  return users.length > SHOW_USERS ? `${shown} +${users.length - SHOW_USERS}` : shown;
}

function ModuleNodeView({ data }: NodeProps<ModuleFlowNode>) {
  const { node, selected, changed, showUsers, w } = data;
  const classes = ['gnode', `gnode-${node.state}`];
  if (selected) classes.push('gnode-selected');
  if (changed) classes.push(`gnode-changed gnode-changed-${changed}`);
  if (node.inflight) classes.push('gnode-inflight');
  return (
    <div className={classes.join(' ')}>
      {/* Users below point up at what they use. */}
      {SOURCE}
      <div className="gnode-name">{node.id}</div>
      <div className="gnode-meta">
        <span className="gnode-state">{stateWord(node, w)}</span>
        {node.refs !== null && <span className="gnode-refs">{w('refs', { n: node.refs })}</span>}
      </div>
      {node.inflight && <span className="gnode-flight">{flightWord(node, w)}</span>}
      {showUsers && <div className="gnode-users">{w('usedBy.tag', { users: usersText(node.usedBy) })}</div>}
      {TARGET}
    </div>
  );
}

export const ModuleNode = memo(ModuleNodeView);
