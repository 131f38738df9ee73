// The graph's controls: the filter over every module's name, focus on the selection with a
// depth, the text list, and "Your machine".
import { useGraphUi, MAX_DEPTH } from './graphStore';
import type { Words } from './words';

export function GraphToolbar({ selected, w }: { selected: string | null; w: Words }) {
  const filter = useGraphUi((s) => s.filter);
  const focus = useGraphUi((s) => s.focus);
  const depth = useGraphUi((s) => s.depth);
  const showList = useGraphUi((s) => s.showList);
  const { setFilter, setFocus, setDepth, setShowList, openDialog } = useGraphUi.getState();
  return (
    <div className="graph-toolbar" role="group" aria-label={w('view')}>
      <input
        type="search"
        className="graph-filter"
        aria-label={w('filter')}
        placeholder={w('filter.placeholder')}
        value={filter}
        spellCheck={false}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape' && filter) { e.stopPropagation(); setFilter(''); } }}
      />
      <label className="graph-check" title={selected ? w('focus.title', { name: selected }) : w('focus.none')}>
        <input type="checkbox" checked={focus} onChange={(e) => setFocus(e.target.checked)} disabled={!selected && !focus} />
        {w('focus')}
      </label>
      <label className="graph-depth">
        {w('depth')}
        <input type="number" min={0} max={MAX_DEPTH} value={depth} onChange={(e) => setDepth(Number(e.target.value))} disabled={!focus} />
      </label>
      <button type="button" aria-pressed={showList} onClick={() => setShowList(!showList)} title={w('list.title')}>
        {w('list')}
      </button>
      <button type="button" onClick={() => openDialog(true)} title={w('machine.title')}>
        {w('machine')}
      </button>
    </div>
  );
}
