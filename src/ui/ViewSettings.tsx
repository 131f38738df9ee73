// Projector mode (PRODUCT.md §7): bigger type (100–250 %), a high-contrast theme, a
// colour-blind-safe palette for states and log levels, the chrome hidden, and one panel at a time
// (clicker keys PageDown/PageUp step, as everywhere). Settings live in the store, so they are
// saved and shared with the session.
import { useEffect } from 'react';
import { usePlayground, type PanelId } from '../store/playground';
import { LANGS, isLang, useLang, useT, type Key } from '../i18n';

export interface ViewSettings { projector: boolean; scale: number; contrast: boolean; safeColours: boolean }

export function useViewSettings(): ViewSettings {
  const settings = usePlayground((s) => s.settings);
  const projector = settings.projector === true;
  // The font scale applies in projector mode only: 175 % until the person picks another.
  const chosen = typeof settings.scale === 'number' ? Math.max(100, Math.min(250, settings.scale)) : 175;
  return {
    projector,
    scale: projector ? chosen : 100,
    contrast: settings.contrast === true,
    safeColours: settings.safeColours === true,
  };
}

/** Applies the settings to the document (font scale variable and theme classes). */
export function useApplyViewSettings(): ViewSettings {
  const view = useViewSettings();
  const lang = useLang();
  useEffect(() => {
    const root = document.documentElement;
    root.style.setProperty('--scale', String(view.scale / 100));
    root.classList.toggle('projector', view.projector);
    root.classList.toggle('high-contrast', view.contrast);
    root.classList.toggle('safe-colours', view.safeColours);
    root.lang = lang;
  }, [view.scale, view.projector, view.contrast, view.safeColours, lang]);
  return view;
}

const PANELS: Array<[PanelId, Key]> = [
  ['modules', 'panel.modules'], ['graph', 'panel.graph'], ['refcounts', 'panel.refcounts'], ['log', 'panel.log'],
  ['editor', 'panel.editor'], ['terminal', 'panel.terminal'], ['steps', 'panel.steps'],
];

export function ProjectorToggle() {
  const t = useT();
  const { projector } = useViewSettings();
  const setSetting = usePlayground((s) => s.setSetting);
  return (
    <button type="button" aria-pressed={projector} onClick={() => setSetting('projector', !projector)} title={t('controls.projector.title')}>
      {t('controls.projector')}
    </button>
  );
}

export function LanguagePicker() {
  const t = useT();
  const lang = useLang();
  const setSetting = usePlayground((s) => s.setSetting);
  return (
    <select aria-label={t('controls.language')} value={lang} onChange={(e) => { if (isLang(e.target.value)) setSetting('lang', e.target.value); }}>
      {LANGS.map((l) => <option key={l.lang} value={l.lang}>{l.name}</option>)}
    </select>
  );
}

/** The projector's own small toolbar: font size, contrast, palette, which panel to present. */
export function ProjectorBar() {
  const t = useT();
  const view = useViewSettings();
  const setSetting = usePlayground((s) => s.setSetting);
  const maximized = usePlayground((s) => s.maximized);
  const maximize = usePlayground((s) => s.maximize);
  return (
    <div className="projector-bar" role="group" aria-label={t('projector.group')}>
      <label>
        {t('projector.fontSize')} {view.scale} %
        <input type="range" min={100} max={250} step={10} value={view.scale} aria-label={t('projector.fontSize')} onChange={(e) => setSetting('scale', Number(e.target.value))} />
      </label>
      <label><input type="checkbox" checked={view.contrast} onChange={(e) => setSetting('contrast', e.target.checked)} /> {t('projector.contrast')}</label>
      <label><input type="checkbox" checked={view.safeColours} onChange={(e) => setSetting('safeColours', e.target.checked)} /> {t('projector.safeColours')}</label>
      <label>
        {t('projector.present')}
        <select aria-label={t('projector.present')} value={maximized ?? ''} onChange={(e) => maximize((e.target.value || null) as PanelId | null)}>
          <option value="">{t('projector.allPanels')}</option>
          {PANELS.map(([id, key]) => <option key={id} value={id}>{t(key)}</option>)}
        </select>
      </label>
    </div>
  );
}
