import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, inOffice } from '../api';
import { Field, Level, Page, Problem, useLoad } from '../components';
import { ukDate, ukDateTime } from '../format';
import { useLocation } from '../router';
import { useOfficeQuery, useSession } from '../session';
import { Batch } from './Batch';

export interface Hit {
  entityId: string;
  caption: string;
  schema: string;
  dataset: string;
  score: number;
  level: 'match' | 'possible';
  matchedName: { full: string; kind: string; script?: string };
  words: { query: string; matched: string; sim: number; how: string }[];
  features: { id: string; score: number; detail: string }[];
  reasons: string[];
  programs: string[];
  listedOn?: string;
  birthDates: string[];
  linked: { entityId: string; caption: string; dataset: string; via: string[] }[];
  decision?: { decision: string; reason: string; actor: string; createdAt: string; reopened: boolean; onRecord?: string };
}
export interface Result {
  query: { name: string; normalised: string };
  hits: Hit[];
  warnings: string[];
  tookMs?: number;
}

interface ListFreshness { name: string; title: string; current: { dataDate?: string }; ageDays: number; stale: boolean }

/** Lists whose data is out of date: a screen against them misses newer designations, so the page says which. */
function StaleLists() {
  const { data } = useLoad(() => api.get<{ items: ListFreshness[] }>('/api/lists'));
  const stale = (data?.items.filter((l) => l.stale) ?? []).sort((a, b) => b.ageDays - a.ageDays);
  if (!stale.length) return null;
  const oldest = stale[0];
  return (
    <div className="notice" role="note" aria-label="Out-of-date lists">
      <p>
        {stale.length} of the {data!.items.length} lists screened against hold data more than a month old, so designations made since are not in them.
        The oldest: {oldest.title}, data of {ukDate(oldest.current.dataDate) || 'an unknown date'}. An administrator updates the lists under Admin.
      </p>
    </div>
  );
}

export function Screening() {
  const office = useOfficeQuery();
  const { user } = useSession();
  const { params } = useLocation();
  const [name, setName] = useState(params.get('name') ?? '');
  const [dob, setDob] = useState('');
  const [result, setResult] = useState<Result>();
  const [error, setError] = useState<unknown>();
  const seq = useRef(0);

  const run = (n: string, d: string) => {
    const mine = ++seq.current;
    if (n.trim().length < 2) return setResult(undefined);
    api.post<Result>(inOffice('/api/screen', office), { name: n, ...(d ? { dob: d } : {}), includePossible: true, limit: 10 }).then(
      (r) => { if (mine === seq.current) { setResult(r); setError(undefined); } },
      (e) => { if (mine === seq.current) setError(e); },
    );
  };
  // Results as you type, from the server's warm index; only the newest answer is shown.
  useEffect(() => {
    const t = window.setTimeout(() => run(name, dob), 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, dob, office]);

  return (
    <Page title="Screening" lead="Type a name in any script or spelling. Every hit says why it matched.">
      <form role="search" onSubmit={(e: FormEvent) => { e.preventDefault(); run(name, dob); }} className="search">
        <Field label="Name to screen">{(id) => <input id={id} type="search" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}</Field>
        <Field label="Year or date of birth" hint="Optional">{(id, d) => <input id={id} aria-describedby={d} value={dob} onChange={(e) => setDob(e.target.value)} />}</Field>
      </form>
      <Problem error={error} />
      <StaleLists />
      <div aria-live="polite">
        {result && (
          <p className="muted">
            {result.hits.length ? `${result.hits.length} hit${result.hits.length === 1 ? '' : 's'}` : 'No hit'} for “{result.query.name}” (read as “{result.query.normalised}”).
            {result.warnings.map((w) => ` ${w}`)}
          </p>
        )}
      </div>
      {result && result.hits.map((h) => <HitCard key={h.entityId} hit={h} query={result.query.name} canDecide={user.role !== 'member'} office={office} onDecided={() => run(name, dob)} />)}
      {user.role !== 'member' && <Batch />}
    </Page>
  );
}

export function HitCard({ hit: h, query, canDecide, office, onDecided }: { hit: Hit; query: string; canDecide: boolean; office?: string; onDecided: () => void }) {
  // No decision is preselected: a reviewer chooses one deliberately.
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  async function decide(e: FormEvent) {
    e.preventDefault();
    try {
      await api.post(inOffice('/api/decisions', office), { query: { name: query }, entityId: h.entityId, decision, reason });
      setReason('');
      onDecided();
    } catch (x) {
      setError(x);
    }
  }
  return (
    <article className="hit card" aria-label={`${h.caption}, ${h.dataset}`}>
      <h2>
        <Level level={h.level} /> {h.caption} <span className="muted">({h.schema}, {h.dataset}, score {h.score.toFixed(2)})</span>
      </h2>
      <p>Matched the name <strong lang="und">{h.matchedName.full}</strong> ({h.matchedName.kind}{h.matchedName.script ? `, ${h.matchedName.script} script` : ''}).</p>
      <table className="words">
        <caption>How each word matched</caption>
        <thead><tr><th scope="col">You typed</th><th scope="col">Listed</th><th scope="col">How</th><th scope="col">Similarity</th></tr></thead>
        <tbody>
          {h.words.map((w, i) => (
            <tr key={i}><td>{w.query}</td><td>{w.matched}</td><td>{w.how.replace(/_/g, ' ')}</td><td>{w.sim.toFixed(2)}</td></tr>
          ))}
        </tbody>
      </table>
      <ul className="reasons">{h.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>
      <dl className="details">
        {h.programs.length > 0 && (<><dt>Programme</dt><dd>{h.programs.join(', ')}</dd></>)}
        {h.listedOn && (<><dt>Listed on</dt><dd>{ukDate(h.listedOn)}</dd></>)}
        {h.birthDates.length > 0 && (<><dt>Born</dt><dd>{h.birthDates.map(ukDate).join(', ')}</dd></>)}
        {h.linked.length > 0 && (<><dt>Also on</dt><dd>{h.linked.map((l) => `${l.dataset} (${l.caption}, linked by ${l.via.join(', ')})`).join('; ')}</dd></>)}
      </dl>
      {h.decision && (
        <p className={h.decision.reopened ? 'notice' : 'decided'}>
          Decided: <strong>{h.decision.decision.replace(/_/g, ' ')}</strong> by {h.decision.actor} on {ukDateTime(h.decision.createdAt)}{h.decision.onRecord && ` (on the record ${h.decision.onRecord})`}: {h.decision.reason}
          {h.decision.reopened && ' — the listing has changed since, so look again.'}
        </p>
      )}
      {canDecide && (
        <form onSubmit={decide} className="decide">
          <Problem error={error} />
          <fieldset>
            <legend>Your decision on {h.caption}</legend>
            {[['false_positive', 'Not the same person (false positive)'], ['true_match', 'The same person (true match)'], ['unsure', 'Unsure']].map(([v, t]) => (
              <label key={v} className="check"><input type="radio" name={`d-${h.entityId}`} checked={decision === v} onChange={() => setDecision(v)} required /> {t}</label>
            ))}
            <Field label="Reason">{(id) => <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} required />}</Field>
            <button type="submit" className="secondary">Record decision</button>
          </fieldset>
        </form>
      )}
    </article>
  );
}
