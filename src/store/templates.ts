// The editor's templates: every manifest in examples/ (the seeds' example modules), bundled as text.
export interface EditorFile { name: string; text: string }

const sources = import.meta.glob('../../examples/**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** The order a lesson meets them in; anything else follows alphabetically. */
const ORDER = ['hello', 'exporter', 'user', 'params', 'paramdemo', 'kmalloc', 'unwind', 'chardev', 'helper', 'noexit', 'gplonly', 'flood'];

export const TEMPLATES: EditorFile[] = Object.entries(sources)
  .map(([path, text]) => ({ name: path.slice(path.lastIndexOf('/') + 1), text }))
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));

function rank(file: string): number {
  const i = ORDER.indexOf(file.replace(/\.yaml$/, ''));
  return i < 0 ? ORDER.length : i;
}
