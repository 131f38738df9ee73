// The graph as text: what a screen reader reads (visually hidden), and what "Text list" shows
// over the canvas. Only the modules and edges on show, as the canvas.
import type { GEdge, ModuleGraph } from './model';
import { nodeSentence } from './words';
import { edgeSentence, type GraphView } from './view';

export function GraphText({ view, edges, graph, visible }: { view: GraphView; edges: GEdge[]; graph: ModuleGraph; visible: boolean }) {
  return (
    <section className={visible ? 'graph-list' : 'graph-sr'} aria-label="Graph as text">
      <h3>Modules ({view.ids.length})</h3>
      <ul>
        {view.ids.map((id) => <li key={id}>{nodeSentence(graph.nodes.get(id)!)}</li>)}
      </ul>
      <h3>Edges ({edges.length})</h3>
      {edges.length === 0 ? <p>None.</p> : (
        <ul>
          {edges.map((e) => <li key={e.id}>{edgeSentence(e)}</li>)}
        </ul>
      )}
    </section>
  );
}
