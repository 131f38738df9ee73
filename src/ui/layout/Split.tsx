// Resizable split: children laid out in a row or a column with a draggable (and keyboard
// movable) separator between each pair. Sizes are fractions kept in this component.
import { Children, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

export function Split({ direction, initial, children, label }: { direction: 'row' | 'column'; initial: number[]; children: ReactNode; label: string }) {
  const items = Children.toArray(children);
  const [sizes, setSizes] = useState(() => normalise(initial.slice(0, items.length)));
  const box = useRef<HTMLDivElement>(null);
  const horizontal = direction === 'row';

  const move = (index: number, delta: number) => {
    setSizes((old) => {
      const next = [...old];
      const min = 0.08;
      const a = Math.max(min, Math.min(old[index]! + old[index + 1]! - min, old[index]! + delta));
      next[index + 1] = old[index]! + old[index + 1]! - a;
      next[index] = a;
      return next;
    });
  };
  const drag = (index: number) => (e: PointerEvent<HTMLDivElement>) => {
    const el = box.current;
    if (!el) return;
    e.preventDefault();
    const rect = el.getBoundingClientRect();
    const total = horizontal ? rect.width : rect.height;
    let last = horizontal ? e.clientX : e.clientY;
    const onMove = (ev: globalThis.PointerEvent) => {
      const now = horizontal ? ev.clientX : ev.clientY;
      move(index, (now - last) / total);
      last = now;
    };
    const onUp = () => { window.removeEventListener('pointermove', onMove); window.removeEventListener('pointerup', onUp); };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  };
  const keys = (index: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    const back = horizontal ? 'ArrowLeft' : 'ArrowUp';
    const forward = horizontal ? 'ArrowRight' : 'ArrowDown';
    if (e.key === back || e.key === forward) {
      e.preventDefault();
      e.stopPropagation();
      move(index, e.key === back ? -0.03 : 0.03);
    }
  };

  return (
    <div ref={box} className={`split split-${direction}`}>
      {items.map((child, i) => (
        <div key={i} className="split-cell" style={{ flexGrow: sizes[i], flexBasis: 0 }}>
          {child}
          {i < items.length - 1 && (
            <div
              className="split-handle"
              role="separator"
              aria-orientation={horizontal ? 'vertical' : 'horizontal'}
              aria-label={`Resize ${label} ${i + 1}`}
              aria-valuenow={Math.round(sizes[i]! * 100)}
              tabIndex={0}
              onPointerDown={drag(i)}
              onKeyDown={keys(i)}
            />
          )}
        </div>
      ))}
    </div>
  );
}

function normalise(sizes: number[]): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0) || 1;
  return sizes.map((x) => x / sum);
}
