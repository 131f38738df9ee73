// A small POSIX-shell subset: words with '…' and "…" quoting, $VAR / $? / $$ expansion, ~,
// pipelines with |, lists with ; && ||, redirections > >> < 2>&1 2>/dev/null, and exec's
// descriptor forms N< file and N<&-. Comments start with #.

export interface WordPart { text: string; quote: 'none' | 'single' | 'double' }
export type Word = WordPart[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<&';
  target: Word;
}

export interface SimpleCommand { words: Word[]; redirects: Redirect[] }
export interface Pipeline { commands: SimpleCommand[] }
export interface ListItem { pipeline: Pipeline; /** how this item joins the previous one */ join: ';' | '&&' | '||' }

export class ParseError extends Error {}

type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string } | { kind: 'redir'; fd: number; op: Redirect['op'] };

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') { i++; continue; }
    if (ch === '#') break;
    const two = line.slice(i, i + 2);
    if (two === '&&' || two === '||') { tokens.push({ kind: 'op', op: two }); i += 2; continue; }
    if (ch === ';' || ch === '|') { tokens.push({ kind: 'op', op: ch }); i++; continue; }
    if (ch === '&') throw new ParseError('background jobs (&) are not supported');
    const redir = /^(\d*)(>>|>&|<&|>|<)/.exec(line.slice(i));
    if (redir) {
      const op = redir[2] as Redirect['op'];
      const fd = redir[1] ? parseInt(redir[1], 10) : op.startsWith('<') ? 0 : 1;
      tokens.push({ kind: 'redir', fd, op });
      i += redir[0].length;
      continue;
    }
    const word: Word = [];
    while (i < line.length && !' \t;|&<>'.includes(line[i]!)) {
      const c = line[i]!;
      if (c === '#' && word.length === 0) break;
      if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new ParseError("unexpected EOF while looking for matching `''");
        word.push({ text: line.slice(i + 1, end), quote: 'single' });
        i = end + 1;
      } else if (c === '"') {
        let j = i + 1;
        let text = '';
        while (j < line.length && line[j] !== '"') {
          if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) { text += line[j + 1]; j += 2; } else text += line[j++];
        }
        if (j >= line.length) throw new ParseError('unexpected EOF while looking for matching `"\'');
        word.push({ text, quote: 'double' });
        i = j + 1;
      } else if (c === '\\' && i + 1 < line.length) {
        word.push({ text: line[i + 1]!, quote: 'single' });
        i += 2;
      } else {
        let j = i;
        while (j < line.length && !" \t;|&<>'\"\\".includes(line[j]!)) j++;
        word.push({ text: line.slice(i, j), quote: 'none' });
        i = j;
      }
    }
    if (word.length > 0) tokens.push({ kind: 'word', word });
    else if (i < line.length && line[i] === '#') break;
  }
  return tokens;
}

export function parseLine(line: string): ListItem[] {
  const tokens = tokenize(line);
  const items: ListItem[] = [];
  let join: ListItem['join'] = ';';
  let commands: SimpleCommand[] = [];
  let current: SimpleCommand = { words: [], redirects: [] };
  const endCommand = (op: string) => {
    if (current.words.length === 0 && current.redirects.length === 0) throw new ParseError(`syntax error near unexpected token \`${op}'`);
    commands.push(current);
    current = { words: [], redirects: [] };
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') current.words.push(t.word);
    else if (t.kind === 'redir') {
      const target = tokens[++i];
      if (!target || target.kind !== 'word') throw new ParseError("syntax error near unexpected token `newline'");
      current.redirects.push({ fd: t.fd, op: t.op, target: target.word });
    } else if (t.op === '|') endCommand('|');
    else {
      endCommand(t.op);
      items.push({ pipeline: { commands }, join });
      commands = [];
      join = t.op as ListItem['join'];
    }
  }
  if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
  else if (commands.length > 0 || join !== ';') throw new ParseError("syntax error: unexpected end of line");
  if (commands.length > 0) items.push({ pipeline: { commands }, join });
  return items;
}

/** Expands $NAME, ${NAME}, $?, $$ and a leading ~ in one word. */
export function expandWord(word: Word, vars: (name: string) => string): string {
  let out = '';
  word.forEach((part, index) => {
    if (part.quote === 'single') { out += part.text; return; }
    let text = part.text;
    if (part.quote === 'none' && index === 0 && (text === '~' || text.startsWith('~/'))) text = vars('HOME') + text.slice(1);
    out += text.replace(/\$(\?|\$|\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) =>
      vars(name.startsWith('{') ? name.slice(1, -1) : name));
  });
  return out;
}
