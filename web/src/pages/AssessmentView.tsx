import { Cited, Level, useLoad } from '../components';
import { loadGuidance, sectionFor } from '../guidance-index';

export interface Assessment {
  score: number;
  level: string;
  stage: string;
  stageName: string;
  catalogueVersion: number;
  fired: { id: string; question: string; because: string; source: { origin: string; refs: string[] } }[];
  actions: { kind: 'report' | 'advice'; id: string; text: string; to?: string; by?: string; source: string }[];
}

/** An approach's level, the reasons (each citing its source and linking to the guidance), whom to tell and by when. */
export function AssessmentView({ a, compact }: { a: Assessment; compact?: boolean }) {
  const { data: guidance } = useLoad(loadGuidance);
  const reports = a.actions.filter((x) => x.kind === 'report');
  const advice = a.actions.filter((x) => x.kind === 'advice');
  const H = compact ? 'h3' : 'h2';
  return (
    <div className="assessment">
      <p className="level-line">
        Level: <Level level={a.level} /> <span className="muted">score {a.score} of 100 · stage: {a.stageName}</span>
      </p>
      <H>Why</H>
      {a.fired.length ? (
        <ul className="reasons">
          {a.fired.map((f) => (
            <li key={f.id}>
              <Cited text={`${f.question} — ${f.because}`} source={`${f.id}, ${f.source.origin}`} guidance={sectionFor(guidance, f.id)} />
            </li>
          ))}
        </ul>
      ) : (
        <p>No warning sign so far.</p>
      )}
      <H>Whom to tell</H>
      {reports.length ? (
        <ul className="tell">
          {reports.map((r) => (
            <li key={r.id}>
              <strong>{r.to}</strong>, {r.by}: {r.text} <span className="source">({r.source})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>No one needs to be told for now.</p>
      )}
      {advice.length > 0 && (
        <>
          <H>What to do</H>
          <ul>
            {advice.map((r) => (
              <li key={r.id}>
                {r.text} <span className="source">({r.source})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {!compact && <p className="muted">Scored with indicator catalogue version {a.catalogueVersion}.</p>}
    </div>
  );
}
