// A panel: an ARIA region with its accessible name (PRODUCT.md §6), a title bar and a button
// that maximises it (for a projector) or gives the page back.
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { usePlayground, type PanelId } from '../../store/playground';

export function Panel({ id, title, tools, children }: { id: PanelId; title: string; tools?: ReactNode; children: ReactNode }) {
  const t = useT();
  const maximized = usePlayground((s) => s.maximized === id);
  const maximize = usePlayground((s) => s.maximize);
  const headingId = `panel-${id}-title`;
  return (
    <section className={`panel panel-${id}${maximized ? ' panel-maximized' : ''}`} role="region" aria-labelledby={headingId} data-panel={id}>
      <header className="panel-bar">
        <h2 id={headingId}>{title}</h2>
        <div className="panel-tools">{tools}</div>
        <button
          type="button"
          className="panel-max"
          aria-label={maximized ? t('panel.restore', { title }) : t('panel.maximise', { title })}
          title={maximized ? t('panel.restore', { title }) : t('panel.maximise', { title })}
          onClick={() => maximize(maximized ? null : id)}
        >
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6">
            {maximized ? <path d="M5 1h8v8M1 5h8v8H1z" /> : <path d="M1 1h12v12H1zM1 4h12" />}
          </svg>
        </button>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
