// The heavy panels (Monaco about 0.9 MB gzip, xterm, React Flow) load after the page is
// interactive: first the frame, the kernel panels and the buttons, then, once the browser is idle
// a moment later, the rest. A person can press Load while Monaco is still on its way.
import { useEffect, useState } from 'react';

/** Runs `fn` once the browser has shown the next frame (the start of the frame after it, then a
 * task of its own); returns a function that cancels it. For work a first paint should not wait
 * for: one frame is not enough, since the frame is still being drawn when its successor starts. */
export function afterPaint(fn: () => void): () => void {
  let frame = 0;
  let timer = 0;
  frame = requestAnimationFrame(() => { frame = requestAnimationFrame(() => { timer = window.setTimeout(fn, 0); }); });
  return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
}

/** False until `delayMs` after mount and then an idle moment; true from then on. */
export function useDeferred(delayMs: number): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let idle = 0;
    const timer = setTimeout(() => {
      if ('requestIdleCallback' in window) idle = window.requestIdleCallback(() => setReady(true), { timeout: 1000 });
      else setReady(true);
    }, delayMs);
    return () => {
      clearTimeout(timer);
      if (idle && 'cancelIdleCallback' in window) window.cancelIdleCallback(idle);
    };
  }, [delayMs]);
  return ready;
}
