// "Your machine": paste lsmod, /proc/modules or modules.dep and see that machine's graph. Lines
// that cannot be read are listed with their numbers; the text stays as pasted.
import { useEffect, useId, useRef } from 'react';
import { useGraphUi } from './graphStore';
import { useGraphWords } from './useWords';
import { rich } from './rich';

const FORMAT_NAME = { lsmod: 'lsmod', 'proc-modules': '/proc/modules', 'modules.dep': 'modules.dep' } as const;
const MAX_ERRORS = 12;

export function YourMachineDialog() {
  const open = useGraphUi((s) => s.dialogOpen);
  const text = useGraphUi((s) => s.text);
  const result = useGraphUi((s) => s.result);
  const { openDialog, setText, readPasted } = useGraphUi.getState();
  const ref = useRef<HTMLDialogElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const w = useGraphWords();
  const titleId = useId();
  const errorsId = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) { d.showModal(); area.current?.focus(); }
    if (!open && d.open) d.close();
  }, [open]);

  const parsed = result?.parsed;
  const errors = parsed?.errors ?? [];
  const read = () => {
    const r = readPasted();
    if (r.parsed.modules.length === 0 || r.parsed.errors.length > 0) area.current?.focus();
  };

  return (
    <dialog
      ref={ref}
      className="ymachine"
      aria-labelledby={titleId}
      onClose={() => openDialog(false)}
      onCancel={(e) => { e.preventDefault(); openDialog(false); }}
    >
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); read(); }}>
        <h2 id={titleId}>{w('machine')}</h2>
        <p className="ymachine-help">
          {rich(w('dialog.help'), { a: <code>lsmod</code>, b: <code>cat /proc/modules</code>, c: <code>cat /lib/modules/$(uname -r)/modules.dep</code> })}
        </p>
        <label htmlFor={`${titleId}-text`} className="ymachine-label">{w('dialog.text')}</label>
        <textarea
          id={`${titleId}-text`}
          ref={area}
          className="ymachine-text nokey"
          value={text}
          spellCheck={false}
          rows={12}
          aria-describedby={errors.length ? errorsId : undefined}
          aria-invalid={errors.length > 0 || undefined}
          placeholder={'Module                  Size  Used by\nvfat                   24576  1\nfat                    90112  1 vfat'}
          onChange={(e) => setText(e.target.value)}
        />
        <div id={errorsId} role="alert" className="ymachine-result">
          {parsed && parsed.modules.length === 0 && (
            <p className="ymachine-error">
              {text.trim() === '' ? w('dialog.empty') : w('dialog.nothing', { format: FORMAT_NAME[parsed.format] })}
              {' '}{rich(w('dialog.expected'), { a: <code>vfat 24576 1 -</code>, b: <code>kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko</code> })}
            </p>
          )}
          {parsed && parsed.modules.length > 0 && errors.length > 0 && (
            <p className="ymachine-warn">{w('dialog.partial', { n: parsed.modules.length, format: FORMAT_NAME[parsed.format], k: errors.length })}</p>
          )}
          {errors.length > 0 && (
            <ul className="ymachine-errors">
              {errors.slice(0, MAX_ERRORS).map((e) => <li key={`${e.line}:${e.message}`}>{w('dialog.line', { n: e.line, message: e.message })}</li>)}
              {errors.length > MAX_ERRORS && <li>{w('dialog.more', { n: errors.length - MAX_ERRORS })}</li>}
            </ul>
          )}
        </div>
        <div className="ymachine-buttons">
          <button type="submit" className="primary">{w('dialog.show')}</button>
          <button type="button" onClick={() => openDialog(false)}>{w('dialog.close')}</button>
        </div>
      </form>
    </dialog>
  );
}
