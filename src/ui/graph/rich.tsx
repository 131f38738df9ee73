import { Fragment, type ReactNode } from 'react';

/** A translated sentence whose {placeholders} are filled with elements (a name in bold, code). */
export function rich(template: string, parts: Record<string, ReactNode>): ReactNode[] {
  return template.split(/(\{\w+\})/).map((piece, i) => {
    const m = /^\{(\w+)\}$/.exec(piece);
    return m && m[1]! in parts ? <Fragment key={i}>{parts[m[1]!]}</Fragment> : piece;
  });
}
