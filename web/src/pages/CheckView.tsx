import { Cited, useLoad } from '../components';
import { daysFrom, label, pounds, ukDate } from '../format';
import { loadGuidance, sectionFor } from '../guidance-index';

export interface MoneyCheck {
  verdict: 'permissible' | 'impermissible' | 'cannot_tell' | 'not_a_donation';
  reasons: string[];
  missingEvidence: { id: string; question: string }[];
  thresholds: { id: string; value: number; crossed: boolean; label: string; source: string }[];
  deadlines: { id: string; label: string; due: string; status: string; source: string }[];
  flags: { id: string; reason: string; source: string }[];
  actions: string[];
}

/** The headline of each verdict the checker gives; the verdict itself is the server's. */
const HEADLINE: Record<MoneyCheck['verdict'], string> = {
  permissible: 'May be accepted',
  impermissible: 'Do not accept',
  cannot_tell: 'Do not accept yet',
  not_a_donation: 'Not a donation',
};

export function CheckView({ c }: { c: MoneyCheck }) {
  const { data: guidance } = useLoad(loadGuidance);
  return (
    <div className="check-view">
      <p className={`verdict verdict-${c.verdict}`}>{HEADLINE[c.verdict]}</p>
      <ul>{c.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>
      {c.flags.length > 0 && (
        <>
          <h3>Red flags</h3>
          <ul className="reasons">{c.flags.map((f, i) => <li key={i}><Cited text={f.reason} source={f.source} guidance={sectionFor(guidance, f.id)} /></li>)}</ul>
        </>
      )}
      {c.missingEvidence.length > 0 && (
        <>
          <h3>Evidence still needed</h3>
          <ul>{c.missingEvidence.map((m) => <li key={m.id}>{m.question}</li>)}</ul>
        </>
      )}
      {c.deadlines.length > 0 && (
        <>
          <h3>Deadlines</h3>
          <ul>{c.deadlines.map((d) => <li key={d.id}>{d.label}: {ukDate(d.due)} ({d.status === 'met' ? 'done' : `${daysFrom(d.due)} days left`}) <span className="source">({d.source})</span></li>)}</ul>
        </>
      )}
      {c.thresholds.some((t) => t.crossed) && (
        <>
          <h3>Thresholds crossed</h3>
          <ul>{c.thresholds.filter((t) => t.crossed).map((t) => <li key={t.id}>{t.label} ({pounds(t.value)}) <span className="source">({t.source})</span></li>)}</ul>
        </>
      )}
      <h3>What to do</h3>
      <ul>{c.actions.map((a, i) => <li key={i}>{a}</li>)}</ul>
      <p className="muted">{label(c.verdict)}</p>
    </div>
  );
}
