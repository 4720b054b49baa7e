import { Cited, useLoad } from '../components';
import { daysFrom, pounds, ukDate } from '../format';
import { loadGuidance, sectionFor } from '../guidance-index';

export interface MoneyCheck {
  verdict: 'do_not_accept' | 'permissible' | 'impermissible' | 'cannot_tell' | 'not_a_donation';
  /** The checker's own one-sentence headline, where it gives one. */
  headline?: string;
  listing?: { name: string; summary: string; label: string; duty: string; tell: string[]; source: string };
  reasons: string[];
  missingEvidence: { id: string; question: string }[];
  thresholds: { id: string; value: number; crossed: boolean; label: string; source: string }[];
  deadlines: { id: string; label: string; due: string; status: string; source: string }[];
  flags: { id: string; reason: string; source: string }[];
  actions: string[];
}

/** Words for each verdict the checker gives (the verdict itself is the server's). */
const VERDICT: Record<MoneyCheck['verdict'], string> = {
  do_not_accept: 'Do not accept',
  permissible: 'May be accepted',
  impermissible: 'Do not accept',
  cannot_tell: 'Do not accept yet',
  not_a_donation: 'Not a donation',
};

export function CheckView({ c }: { c: MoneyCheck }) {
  const { data: guidance } = useLoad(loadGuidance);
  return (
    <div className="check-view">
      <p className={`verdict verdict-${c.verdict}`}>{VERDICT[c.verdict]}</p>
      {c.headline && <p className="lead">{c.headline}</p>}
      {c.listing && (
        <p className="problem">
          {c.listing.name} {c.listing.summary}. {c.listing.duty} Tell: {c.listing.tell.join(', ')}. <span className="source">({c.listing.source})</span>
        </p>
      )}
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
    </div>
  );
}
