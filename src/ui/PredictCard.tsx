// Predict-then-reveal: the question before a step, one button per answer, then whether the guess
// was right (the panels behind already show the step's effect).
import { useT } from '../i18n';
import { GONE, SUCCEEDS } from '../store/predict';
import { NONE } from '../store/predictChain';
import { usePlayground } from '../store/playground';

export function PredictCard() {
  const t = useT();
  const prediction = usePlayground((s) => s.prediction);
  const { guess, closePrediction, step } = usePlayground.getState();
  if (!prediction) return null;
  const { question, guess: given } = prediction;
  const label = (option: string) => {
    if (question.kind === 'chain') return option === NONE ? t('predict.none') : option;
    return option === SUCCEEDS ? t('predict.succeeds') : option === GONE ? t('predict.gone') : question.kind === 'result' ? `-${option}` : option;
  };
  const prompt = question.kind === 'state' ? t('predict.state', { module: question.module, step: question.step })
    : question.kind === 'chain' ? t('predict.chain', { request: question.request })
    : t('predict.result', { step: question.step });
  return (
    <section className="predict-card" role="dialog" aria-modal="false" aria-labelledby="predict-title">
      <h2 id="predict-title">{t('predict.title')}</h2>
      <p>{prompt}</p>
      {given === null ? (
        <>
          <div className="predict-options">
            {question.options.map((o) => <button key={o} type="button" onClick={() => guess(o)}>{label(o)}</button>)}
          </div>
          <button type="button" className="predict-skip" onClick={() => { closePrediction(); step(); }}>{t('predict.skip')}</button>
        </>
      ) : (
        <>
          <p className={given === question.answer ? 'predict-right' : 'predict-wrong'} role="status">
            {given === question.answer
              ? t('predict.right', { answer: label(question.answer) })
              : t('predict.wrong', { guess: label(given), answer: label(question.answer) })}
          </p>
          <button type="button" onClick={closePrediction}>{t('predict.continue')}</button>
        </>
      )}
    </section>
  );
}
