// The graph as text: what a screen reader reads (visually hidden), and what "Text list" shows
// over the canvas. Only the modules and edges on show, as the canvas.
import type { GEdge, ModuleGraph } from './model';
import type { GraphView } from './view';
import { edgeSentence, nodeSentence, type Words } from './words';

export function GraphText({ view, edges, graph, visible, w }: { view: GraphView; edges: GEdge[]; graph: ModuleGraph; visible: boolean; w: Words }) {
  return (
    <section className={visible ? 'graph-list' : 'graph-sr'} aria-label={w('text')}>
      <h3>{w('text.modules', { n: view.ids.length })}</h3>
      <ul>
        {view.ids.map((id) => <li key={id}>{nodeSentence(graph.nodes.get(id)!, w)}</li>)}
      </ul>
      <h3>{w('text.edges', { n: edges.length })}</h3>
      {edges.length === 0 ? <p>{w('text.none')}</p> : (
        <ul>
          {edges.map((e) => <li key={e.id}>{edgeSentence(e, w)}</li>)}
        </ul>
      )}
    </section>
  );
}
