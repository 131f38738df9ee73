// Nothing typed is lost (PRODUCT.md §7): the session is saved to localStorage a moment after
// every change and restored on the next visit; a share link in the URL's fragment takes
// precedence. Whatever is read back is checked first (sessionFile.ts), and a bad save or link
// leaves a clear notice and a working app.
import { parseSession, type SavedSession } from './sessionFile';
import { decodeShare } from './share';
import { usePlayground, type Notice } from './playground';

export const STORAGE_KEY = 'kmp.session.v1';
const SAVE_DELAY_MS = 300;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // disabled storage (privacy settings) throws on access
  }
}

/** Restores the shared or saved session, if any; returns what happened, for the status line. */
export async function restoreAtStart(hash: string): Promise<Notice | null> {
  const store = usePlayground.getState();
  const shared = await decodeShare(hash);
  if (shared && 'error' in shared) return { key: 'notice.badLink', vars: { error: shared.error } };
  if (shared) {
    await store.restore(shared.session);
    return { key: 'notice.openedLink', vars: { step: shared.session.cursor, length: shared.session.actions.length } };
  }
  const text = storage()?.getItem(STORAGE_KEY);
  if (!text) return null;
  const saved = parseSession(text);
  if ('error' in saved) return { key: 'notice.badSave', vars: { error: saved.error } };
  await store.restore(saved.session);
  return null;
}

/** Saves the session a moment after each change, and when the page is hidden. */
export function autosave(): () => void {
  const store = storage();
  if (!store) return () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    timer = null;
    try {
      store.setItem(STORAGE_KEY, JSON.stringify(usePlayground.getState().snapshot()));
    } catch (e) {
      usePlayground.setState({ notice: { key: 'notice.saveFailed', vars: { error: (e as Error).message } } });
    }
  };
  const unsubscribe = usePlayground.subscribe((now, before) => {
    if (now.files === before.files && now.length === before.length && now.cursor === before.cursor && now.loadArgs === before.loadArgs
      && now.history === before.history && now.settings === before.settings && now.activeFile === before.activeFile && now.catalog === before.catalog) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  });
  const onHide = () => { if (timer) { clearTimeout(timer); save(); } };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);
  return () => { unsubscribe(); window.removeEventListener('pagehide', onHide); document.removeEventListener('visibilitychange', onHide); };
}

/** Forgets the saved session (the "Start afresh" button). */
export function forgetSaved(): void {
  storage()?.removeItem(STORAGE_KEY);
}

export type { SavedSession };
