import { useState, type FormEvent } from 'react';
import { api, inOffice } from '../api';
import { Field, Loading, Page, Problem, useLoad } from '../components';
import { isoDay, label, ukDate } from '../format';
import { useOfficeQuery } from '../session';

interface Trip {
  id: string;
  destination: string;
  depart: string;
  return: string;
  funder: { name: string; type: string };
  purpose: string;
  travellers: string[];
  debrief?: { completedAt: string; approaches: string[] };
}
interface Vocabulary {
  funderTypes?: string[];
  debriefQuestions?: { id: string; question: string }[];
}

export function Trips() {
  const office = useOfficeQuery();
  const vocab = useLoad(() => api.get<Vocabulary>('/api/vocabulary'));
  const trips = useLoad(() => api.get<{ items: Trip[] }>(inOffice('/api/trips?limit=500', office)), [office]);
  const [f, setF] = useState({ destination: '', depart: '', ret: '', funderName: '', funderType: 'self', purpose: '', travellers: '' });
  const [error, setError] = useState<unknown>();
  const [debriefing, setDebriefing] = useState<string>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await api.post(inOffice('/api/trips', office), {
        destination: f.destination, depart: isoDay(f.depart), return: isoDay(f.ret), funder: { name: f.funderName, type: f.funderType }, purpose: f.purpose,
        travellers: f.travellers.split(',').map((x) => x.trim()).filter(Boolean),
      });
      trips.reload();
    } catch (x) {
      setError(x);
    }
  }
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const funderTypes = vocab.data?.funderTypes ?? [];
  return (
    <Page title="Travel" lead="Record a trip abroad to get a printable briefing before you go and a debrief when you are back.">
      <Problem error={error ?? trips.error} />
      <form onSubmit={submit} className="narrow">
        <Field label="Destination country">{(id) => <input id={id} value={f.destination} onChange={(e) => set('destination')(e.target.value)} required />}</Field>
        <Field label="Leaving on" hint="DD/MM/YYYY">{(id, d) => <input id={id} aria-describedby={d} value={f.depart} onChange={(e) => set('depart')(e.target.value)} required />}</Field>
        <Field label="Back on" hint="DD/MM/YYYY">{(id, d) => <input id={id} aria-describedby={d} value={f.ret} onChange={(e) => set('ret')(e.target.value)} required />}</Field>
        <Field label="Who pays">{(id) => <input id={id} value={f.funderName} onChange={(e) => set('funderName')(e.target.value)} required />}</Field>
        <Field label="Kind of payer">{(id) => <select id={id} value={f.funderType} onChange={(e) => set('funderType')(e.target.value)}>{funderTypes.map((t) => <option key={t} value={t}>{label(t)}</option>)}</select>}</Field>
        <Field label="Purpose">{(id) => <input id={id} value={f.purpose} onChange={(e) => set('purpose')(e.target.value)} required />}</Field>
        <Field label="Who travels" hint="Names, separated by commas">{(id, d) => <input id={id} aria-describedby={d} value={f.travellers} onChange={(e) => set('travellers')(e.target.value)} required />}</Field>
        <button type="submit">Record the trip</button>
      </form>
      <h2>Trips</h2>
      {!trips.data ? <Loading /> : trips.data.items.length ? (
        <ul className="plain">
          {trips.data.items.map((t) => (
            <li key={t.id} className="card">
              <strong>{t.destination}</strong>, {ukDate(t.depart)} to {ukDate(t.return)}: {t.purpose} (paid by {t.funder.name}, {label(t.funder.type)}).{' '}
              <a href={inOffice(`/api/trips/${t.id}/briefing?format=html`, office)} target="_blank" rel="noopener">Printable briefing</a>
              {t.debrief ? <p>Debriefed {ukDate(t.debrief.completedAt)}; {t.debrief.approaches.length} approach(es) recorded from it.</p> : vocab.data?.debriefQuestions && (
                debriefing === t.id ? <Debrief trip={t} questions={vocab.data.debriefQuestions} onDone={() => { setDebriefing(undefined); trips.reload(); }} /> : <p><button type="button" className="secondary" onClick={() => setDebriefing(t.id)}>Debrief {t.destination} trip</button></p>
              )}
            </li>
          ))}
        </ul>
      ) : <p>No trips yet.</p>}
    </Page>
  );
}

function Debrief({ trip, questions, onDone }: { trip: Trip; questions: { id: string; question: string }[]; onDone: () => void }) {
  const office = useOfficeQuery();
  const [yes, setYes] = useState<Record<string, boolean>>({});
  const [who, setWho] = useState<Record<string, string>>({});
  const [details, setDetails] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.post(inOffice(`/api/trips/${trip.id}/debrief`, office), {
        answers: questions.map((q) => ({ id: q.id, yes: Boolean(yes[q.id]), ...(details[q.id] ? { details: details[q.id] } : {}), ...(yes[q.id] && who[q.id] ? { contact: { name: who[q.id] } } : {}) })),
      });
      onDone();
    } catch (x) {
      setError(x);
    }
  }
  return (
    <form onSubmit={submit}>
      <Problem error={error} />
      {questions.map((q) => (
        <fieldset key={q.id} className="inner">
          <legend>{q.question}</legend>
          <label className="check"><input type="checkbox" checked={Boolean(yes[q.id])} onChange={(e) => setYes({ ...yes, [q.id]: e.target.checked })} /> Yes</label>
          {yes[q.id] && (
            <>
              <Field label="Who (becomes an approach report)">{(id) => <input id={id} value={who[q.id] ?? ''} onChange={(e) => setWho({ ...who, [q.id]: e.target.value })} />}</Field>
              <Field label="What happened">{(id) => <input id={id} value={details[q.id] ?? ''} onChange={(e) => setDetails({ ...details, [q.id]: e.target.value })} />}</Field>
            </>
          )}
        </fieldset>
      ))}
      <button type="submit">Send the debrief</button>
    </form>
  );
}
