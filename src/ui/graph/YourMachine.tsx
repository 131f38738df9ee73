// "Your machine": paste lsmod, /proc/modules or modules.dep and see that machine's graph. Lines
// that cannot be read are listed with their numbers; the text stays as pasted.
import { useEffect, useId, useRef } from 'react';
import { detectFormat } from '../../catalog/paste';
import { useGraphUi } from './graphStore';

const FORMAT_NAME = { lsmod: 'lsmod', 'proc-modules': '/proc/modules', 'modules.dep': 'modules.dep' } as const;
const MAX_ERRORS = 12;

export function YourMachineDialog() {
  const open = useGraphUi((s) => s.dialogOpen);
  const text = useGraphUi((s) => s.text);
  const result = useGraphUi((s) => s.result);
  const { openDialog, setText, readPasted } = useGraphUi.getState();
  const ref = useRef<HTMLDialogElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
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
        <h2 id={titleId}>Your machine</h2>
        <p className="ymachine-help">
          On your Linux machine run <code>lsmod</code>, <code>cat /proc/modules</code> or
          <code> cat /lib/modules/$(uname -r)/modules.dep</code>, and paste what it prints.
          Nothing leaves this page.
        </p>
        <label htmlFor={`${titleId}-text`} className="ymachine-label">Pasted text</label>
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
              {text.trim() === ''
                ? 'Nothing to show: the text is empty.'
                : `Nothing to show: no line reads as lsmod, /proc/modules or modules.dep output (read as ${FORMAT_NAME[parsed.format]}, the lines below failed).`}
              {' '}Expected lines like <code>vfat 24576 1 -</code> (lsmod) or <code>kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko</code> (modules.dep).
            </p>
          )}
          {parsed && parsed.modules.length > 0 && errors.length > 0 && (
            <p className="ymachine-warn">
              Read {parsed.modules.length} module{parsed.modules.length === 1 ? '' : 's'} as {FORMAT_NAME[parsed.format]};
              {' '}{errors.length} line{errors.length === 1 ? ' was' : 's were'} skipped. The graph shows the rest.
            </p>
          )}
          {errors.length > 0 && (
            <ul className="ymachine-errors">
              {errors.slice(0, MAX_ERRORS).map((e) => <li key={`${e.line}:${e.message}`}>Line {e.line}: {e.message}</li>)}
              {errors.length > MAX_ERRORS && <li>… and {errors.length - MAX_ERRORS} more</li>}
            </ul>
          )}
        </div>
        <p className="ymachine-format" aria-live="polite">
          {text.trim() ? `Looks like ${FORMAT_NAME[detectFormat(text)]} output.` : ''}
        </p>
        <div className="ymachine-buttons">
          <button type="submit" className="primary">Show graph</button>
          <button type="button" onClick={() => openDialog(false)}>Close</button>
        </div>
      </form>
    </dialog>
  );
}
