// The graph panel's own settings and the pasted "Your machine" graph. Kept out of the main store
// (they concern this panel only) but in a store, so that maximising the panel, which mounts it
// anew, loses nothing.
import { create } from 'zustand';
import { parsePasted, type PastedGraph } from '../../catalog/paste';
import { graphFromPasted, type ModuleGraph } from './model';

export interface PasteResult {
  parsed: PastedGraph;
  graph: ModuleGraph;
}

interface GraphUi {
  filter: string;
  focus: boolean;
  depth: number;
  showList: boolean;

  /** The "Your machine" dialog. */
  dialogOpen: boolean;
  text: string;
  /** The last text read (its errors stay shown until the text is read again). */
  result: PasteResult | null;
  /** The pasted graph on show (null: the simulated kernel's graph is shown). */
  shown: PasteResult | null;
  /** Selection inside the pasted graph (the main store's selection is the simulated kernel's). */
  pastedSelection: string | null;

  setFilter(filter: string): void;
  setFocus(focus: boolean): void;
  setDepth(depth: number): void;
  setShowList(show: boolean): void;
  openDialog(open: boolean): void;
  setText(text: string): void;
  /** Reads the text; shows its graph if at least one module was read. Returns the result. */
  readPasted(): PasteResult;
  showSimulated(): void;
  selectPasted(name: string | null): void;
}

export const MAX_DEPTH = 6;

export const useGraphUi = create<GraphUi>()((set, get) => ({
  filter: '',
  focus: false,
  depth: 1,
  showList: false,
  dialogOpen: false,
  text: '',
  result: null,
  shown: null,
  pastedSelection: null,

  setFilter: (filter) => set({ filter }),
  setFocus: (focus) => set({ focus }),
  setDepth: (depth) => set({ depth: Math.max(0, Math.min(MAX_DEPTH, Math.round(depth) || 0)) }),
  setShowList: (showList) => set({ showList }),
  openDialog: (dialogOpen) => set({ dialogOpen }),
  setText: (text) => set({ text }),
  readPasted() {
    const parsed = parsePasted(get().text);
    const result = { parsed, graph: graphFromPasted(parsed) };
    const ok = parsed.modules.length > 0;
    set({
      result,
      ...(ok ? { shown: result, pastedSelection: null, filter: '', focus: false } : {}),
      // Close only when everything was read; otherwise the errors stay in view beside the text.
      dialogOpen: !(ok && parsed.errors.length === 0),
    });
    return result;
  },
  showSimulated: () => set({ shown: null, pastedSelection: null, filter: '', focus: false }),
  selectPasted: (pastedSelection) => set({ pastedSelection }),
}));
