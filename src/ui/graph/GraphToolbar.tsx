// The graph's controls: the filter over every module's name, focus on the selection with a
// depth, the text list, and "Your machine".
import { useGraphUi, MAX_DEPTH } from './graphStore';

export function GraphToolbar({ selected }: { selected: string | null }) {
  const filter = useGraphUi((s) => s.filter);
  const focus = useGraphUi((s) => s.focus);
  const depth = useGraphUi((s) => s.depth);
  const showList = useGraphUi((s) => s.showList);
  const { setFilter, setFocus, setDepth, setShowList, openDialog } = useGraphUi.getState();
  return (
    <div className="graph-toolbar" role="group" aria-label="Graph view">
      <input
        type="search"
        className="graph-filter"
        aria-label="Filter modules"
        placeholder="Filter modules (e.g. vfat)"
        value={filter}
        spellCheck={false}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape' && filter) { e.stopPropagation(); setFilter(''); } }}
      />
      <label className="graph-check" title={selected ? `Show only ${selected}'s dependencies and dependants (double-click a node does the same)` : 'Select a module first'}>
        <input type="checkbox" checked={focus} onChange={(e) => setFocus(e.target.checked)} disabled={!selected && !focus} />
        Focus
      </label>
      <label className="graph-depth">
        Depth
        <input type="number" min={0} max={MAX_DEPTH} value={depth} onChange={(e) => setDepth(Number(e.target.value))} disabled={!focus} />
      </label>
      <button type="button" aria-pressed={showList} onClick={() => setShowList(!showList)} title="The graph as a list of modules and edges">
        Text list
      </button>
      <button type="button" onClick={() => openDialog(true)} title="Paste lsmod, /proc/modules or modules.dep from your own machine">
        Your machine
      </button>
    </div>
  );
}
