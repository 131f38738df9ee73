// Keyboard control of the timeline (PRODUCT.md §6): Space/→ step, ← back, Home/End, and
// PageDown/PageUp for presentation clickers; ignored while typing in the editor, the terminal
// or any form field.
import { useEffect } from 'react';
import { usePlayground } from '../store/playground';

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('.nokey, input, textarea, select, [contenteditable="true"], [role="slider"], [role="separator"]')) return true;
  return false;
}

export function useStepKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const store = usePlayground.getState();
      const target = e.target instanceof Element ? e.target : null;
      // Space on a focused button presses the button; it does not also step.
      if (e.key === ' ' && target?.closest('button, a, summary')) return;
      switch (e.key) {
        case ' ': case 'ArrowRight': case 'PageDown': store.step(); break;
        case 'ArrowLeft': case 'PageUp': store.stepBack(); break;
        case 'Home': store.seek(0); break;
        case 'End': store.seek(store.length); break;
        default: return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
