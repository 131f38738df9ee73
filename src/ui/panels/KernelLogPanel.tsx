// Kernel log (PRODUCT.md §6): the log buffer as dmesg shows it, with level colours, the simulated
// clock's [seconds.micros] timestamps, a level filter and console_loglevel. Each line links to the
// action (step) that printed it; lines printed by the action at the cursor are highlighted, and
// the Steps panel links back here. Only the rows in view are rendered, so the list stays smooth
// however long it gets.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LOG_LEVELS } from '../../kernel/image';
import { formatLogBufLen, LOG_BUF_LEN, logRecords } from '../../kernel/log';
import type { LogRecord } from '../../kernel/types';
import { useLang, useT } from '../../i18n';
import { formatCount } from '../../i18n/lang';
import { usePlayground } from '../../store/playground';
import { timestamp } from '../../userland/commands/dmesg';
import { visibleRange } from './virtual';
import './panels.css';

export function KernelLogPanel() {
  const t = useT();
  const lang = useLang();
  const kernel = usePlayground((s) => s.kernel);
  const cursor = usePlayground((s) => s.cursor);
  const firstAction = usePlayground((s) => s.firstAction);
  const focus = usePlayground((s) => s.logFocus);
  const { seek, dispatch, reboot } = usePlayground.getState();
  const [maxLevel, setMaxLevel] = useState(7);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 300, row: 20 });
  const stick = useRef(true);

  const lines = useMemo(
    () => logRecords(kernel.log).filter((r) => r.seq >= kernel.log.clearSeq && r.level <= maxLevel),
    [kernel.log, maxLevel],
  );

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      const row = parseFloat(getComputedStyle(el).fontSize) * 1.5 || 20;
      setView({ top: el.scrollTop, height: el.clientHeight, row });
    };
    // The observer measures once the browser has laid the page out (and on every resize): a
    // measure here would force the first layout in the middle of React's first commit.
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keep following the end while the person has not scrolled up, and again once the log goes back
  // (a reboot, or a step back to before the lines were printed).
  const lastSeq = useRef(kernel.log.nextSeq);
  useEffect(() => {
    const el = scroller.current;
    if (kernel.log.nextSeq < lastSeq.current) stick.current = true;
    lastSeq.current = kernel.log.nextSeq;
    if (!el || !stick.current) return;
    // In the next frame, with the browser's own layout: reading scrollHeight here would force
    // one in the middle of a render (on the first, before the page has even been painted).
    const frame = requestAnimationFrame(() => { el.scrollTop = el.scrollHeight; });
    return () => cancelAnimationFrame(frame);
  }, [lines.length, kernel.log.nextSeq]);

  // The Steps panel asked to show a line: scroll it into view.
  useEffect(() => {
    const el = scroller.current;
    if (!el || focus === null) return;
    const index = lines.findIndex((r) => r.seq === focus);
    if (index >= 0) el.scrollTop = Math.max(0, index * view.row - el.clientHeight / 2);
  }, [focus, lines, view.row]);

  const { first, last } = visibleRange(lines.length, view.top, view.height, view.row);
  return (
    <div className="log">
      <div className="log-tools panel-subbar">
        <label>
          {t('log.show')}
          <select aria-label={t('log.filter')} value={maxLevel} onChange={(e) => setMaxLevel(Number(e.target.value))}>
            {LOG_LEVELS.map((name, level) => <option key={name} value={level}>{t('log.upTo', { level, name })}</option>)}
          </select>
        </label>
        <label title={t('log.consoleHelp')}>
          console_loglevel
          <select aria-label="console_loglevel" value={kernel.consoleLoglevel} onChange={(e) => dispatch({ type: 'set_console_loglevel', level: Number(e.target.value) })}>
            {[1, 2, 3, 4, 5, 6, 7, 8].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label title={t('log.bufLenHelp')}>
          log_buf_len
          <select aria-label="log_buf_len" value={formatLogBufLen(kernel.log.size)} onChange={(e) => reboot(e.target.value === DEFAULT_SIZE ? '' : `log_buf_len=${e.target.value}`)}>
            {[...new Set([DEFAULT_SIZE, '1M', '8M', '32M', formatLogBufLen(kernel.log.size)])].map((size) => (
              <option key={size} value={size}>{size === DEFAULT_SIZE ? t('log.bufDefault', { size }) : size}</option>
            ))}
          </select>
        </label>
        <span className="step-note">{t('log.lines', { count: formatCount(lines.length, lang) })}</span>
      </div>
      <div
        ref={scroller}
        className="log-scroll"
        role="log"
        aria-label="dmesg"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - view.row;
          setView((v) => ({ ...v, top: el.scrollTop }));
        }}
      >
        {lines.length === 0 && <p className="panel-empty">{t('log.empty')}</p>}
        <div style={{ height: lines.length * view.row, position: 'relative' }}>
          {lines.slice(first, last).map((r, i) => (
            <LogLine
              key={r.seq}
              record={r}
              top={(first + i) * view.row}
              height={view.row}
              step={r.action - firstAction + 1}
              current={r.action - firstAction + 1 === cursor}
              focused={r.seq === focus}
              onGo={() => seek(r.action - firstAction + 1)}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

const DEFAULT_SIZE = formatLogBufLen(LOG_BUF_LEN);

/** A line of the log; `step` is the timeline step that printed it (0 or less: at boot, before
 * the timeline begins, so no link). */
function LogLine({ record, step, top, height, current, focused, onGo }: { record: LogRecord; step: number; top: number; height: number; current: boolean; focused: boolean; onGo: () => void }) {
  const t = useT();
  const text = record.text.replace(/\n$/, '');
  return (
    <div className={`log-line lvl-${record.level}${current ? ' current' : ''}${focused ? ' focused' : ''}`} style={{ top, height }} data-seq={record.seq}>
      <span className="log-time">{timestamp(record.usec)}</span>
      <span className="lvl-tag" title={`level ${record.level}`}>{LOG_LEVELS[record.level]?.slice(5)}</span>
      <span className="log-text">{text}</span>
      {step > 0 && (
        <button type="button" className="log-link" onClick={onGo} title={record.step ? `printed by ${record.step} (step ${step})` : `step ${step}`} aria-label={t('log.goTo', { text })}>
          {t('log.step', { n: step })}
        </button>
      )}
    </div>
  );
}
