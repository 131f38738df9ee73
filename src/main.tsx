import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { autosave, restoreAtStart } from './store/persist';
import { usePlayground, type Notice } from './store/playground';
import { App } from './ui/App.tsx';
import './ui/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('missing #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Come back to where the person was (or to a shared moment), then save as they go.
void restoreAtStart(location.hash)
  .catch((e: unknown): Notice => ({ key: 'notice.badSave', vars: { error: (e as Error).message } }))
  .then((message) => {
    if (message) usePlayground.setState({ notice: message });
    if (location.hash.startsWith('#s=')) history.replaceState(null, '', location.pathname + location.search);
    autosave();
  });

// After the first visit the app works offline (dist/sw.js is written by scripts/offline.ts at build time).
if (import.meta.env.PROD && 'serviceWorker' in navigator && !isEmbedded()) {
  window.addEventListener('load', () => { void navigator.serviceWorker.register('./sw.js').catch(() => {}); });
}

function isEmbedded(): boolean {
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
}
