import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Loading, Page, Problem, useLoad } from '../components';
import { ukDate } from '../format';
import { Link } from '../router';

interface Drill {
  id: string;
  title: string;
  minutes: number;
  basedOn: string;
  section: string;
  scenario: string;
  questions: { id: string; prompt: string; options: { id: string; text: string }[]; facts: string[]; guidance: string }[];
}
interface Result {
  correct: number;
  total: number;
  passed: boolean;
  questions: { id: string; chosen: string | null; correct: boolean; answer: string; explain: string; facts: string[]; guidance: string }[];
}

export function Drills() {
  const drills = useLoad(() => api.get<{ drills: Drill[] }>('/api/awareness/drills'));
  const mine = useLoad(() => api.get<Record<string, { correct: number; total: number; at: string }>>('/api/awareness/mine'));
  const total = drills.data?.drills.reduce((n, d) => n + d.minutes, 0) ?? 0;
  return (
    <Page title="Scenario drills" lead={`Short scenarios built from real public cases. All of them take about ${total} minutes.`}>
      <Problem error={drills.error ?? mine.error} />
      {!drills.data ? <Loading /> : (
        <ul className="plain">
          {drills.data.drills.map((d) => {
            const done = mine.data?.[d.id];
            return (
              <li key={d.id} className="card">
                <h2><Link to={`/drills/${d.id}`}>{d.title}</Link></h2>
                <p>{d.minutes} minutes · based on {d.basedOn}</p>
                <p>{done ? `Done on ${ukDate(done.at)}: ${done.correct} of ${done.total} right.` : 'Not done yet.'}</p>
              </li>
            );
          })}
        </ul>
      )}
    </Page>
  );
}

export function DrillPage({ id }: { id: string }) {
  const drills = useLoad(() => api.get<{ drills: Drill[] }>('/api/awareness/drills'));
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState<unknown>();
  const drill = drills.data?.drills.find((d) => d.id === id);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      setResult(await api.post<Result>(`/api/awareness/drills/${encodeURIComponent(id)}`, { answers }));
      scrollTo(0, 0);
    } catch (x) {
      setError(x);
    }
  }
  if (!drills.data) return <Page title="Drill">{drills.error ? <Problem error={drills.error} /> : <Loading />}</Page>;
  if (!drill) return <Page title="No such drill"><p><Link to="/drills">All drills</Link></p></Page>;
  return (
    <Page title={drill.title} lead={drill.scenario}>
      <p className="source">Based on {drill.basedOn} (domain facts {drill.section}).</p>
      {result && (
        <div className={result.passed ? 'notice' : 'problem'} role="status">
          <strong>{result.passed ? 'Drill complete: every answer right.' : `Drill complete: ${result.correct} of ${result.total} right.`}</strong> Your result is recorded.
        </div>
      )}
      <Problem error={error} />
      <form onSubmit={submit}>
        {drill.questions.map((q, n) => {
          const r = result?.questions.find((x) => x.id === q.id);
          return (
            <fieldset key={q.id}>
              <legend>{n + 1}. {q.prompt}</legend>
              {q.options.map((o) => (
                <label key={o.id} className="check">
                  <input type="radio" name={q.id} value={o.id} checked={answers[q.id] === o.id} onChange={() => setAnswers({ ...answers, [q.id]: o.id })} disabled={Boolean(result)} /> {o.text}
                </label>
              ))}
              {r && (
                <p className={r.correct ? 'right' : 'wrong'}>
                  {r.correct ? 'Right. ' : `Not quite: the answer is "${q.options.find((o) => o.id === r.answer)?.text}". `}
                  {r.explain} <span className="source">({r.facts.join(', ')})</span> <a href={`/guidance#${r.guidance}`}>Read the guidance</a>
                </p>
              )}
            </fieldset>
          );
        })}
        {!result ? <button type="submit">Check my answers</button> : <p><Link to="/drills">Back to the drills</Link></p>}
      </form>
    </Page>
  );
}
