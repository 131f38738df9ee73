// Share (PRODUCT.md §7): a link that restores this exact moment (files, commands, settings and
// step), an embed snippet for slides and course pages, and export/import of the session as a
// JSON file. Imported files are untrusted: parseSession checks them and says what is wrong.
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';
import { parseSession } from '../store/sessionFile';
import { encodeShare } from '../store/share';
import { usePlayground } from '../store/playground';

export function ShareDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [link, setLink] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    dialog.current?.showModal();
    let live = true;
    void encodeShare(usePlayground.getState().snapshot()).then((fragment) => {
      if (!live) return;
      if (fragment === null) { setMessage(t('share.tooLong')); return; }
      setLink(`${location.origin}${location.pathname}#${fragment}`);
    });
    return () => { live = false; };
  }, []);

  const embed = link ? `<iframe src="${link.replace('#', '?embed=1#')}" width="960" height="600" title="Kernel Module Playground"></iframe>` : '';
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setMessage(t('share.copied'));
    } catch {
      setMessage(t('share.copyFailed'));
    }
  };
  const exportFile = () => {
    const blob = new Blob([JSON.stringify(usePlayground.getState().snapshot(), null, 1)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'kernel-module-playground-session.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const result = parseSession(await file.text(), 32 * 1024 * 1024);
    if ('error' in result) { setMessage(`${file.name}: ${result.error}`); return; }
    await usePlayground.getState().restore(result.session);
    setMessage(t('share.imported', { file: file.name, step: result.session.cursor }));
  };

  return (
    <dialog ref={dialog} className="share-dialog" aria-labelledby="share-title" onClose={onClose}>
      <h2 id="share-title">{t('share.title')}</h2>
      <label className="share-field">
        {t('share.link.help')}
        <input readOnly value={link ?? t('share.making')} aria-label={t('share.link')} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className="share-row">
        <button type="button" disabled={!link} onClick={() => void copy(link!)}>{t('share.copyLink')}</button>
      </div>
      <label className="share-field">
        {t('share.embed.help')}
        <textarea readOnly rows={3} value={embed} aria-label={t('share.embed')} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className="share-row">
        <button type="button" disabled={!link} onClick={() => void copy(embed)}>{t('share.copyEmbed')}</button>
        <button type="button" onClick={exportFile}>{t('share.export')}</button>
        <label className="file-button">
          {t('share.import')}…
          <input type="file" accept="application/json,.json" aria-label={t('share.import')} onChange={(e) => void importFile(e.target.files?.[0])} />
        </label>
      </div>
      <p role="status" className="share-status">{message}</p>
      <form method="dialog"><button type="submit">{t('share.close')}</button></form>
    </dialog>
  );
}
