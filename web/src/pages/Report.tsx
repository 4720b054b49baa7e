import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, inOffice } from '../api';
import { Field, Loading, Page, Problem, useLoad } from '../components';
import { isoDay, ukDate } from '../format';
import { useOfficeQuery, useSession } from '../session';
import { Attachments, type Picked } from './Attachments';
import { AssessmentView, type Assessment } from './AssessmentView';
import { Link } from '../router';

interface Vocabulary {
  channels: Record<string, { label: string }>;
  approachTypes: Record<string, { label: string; stage: string }>;
  claimedRoles: string[];
  stages: Record<string, string>;
  tlp: { levels: { level: string; label: string; meaning: string }[]; defaultForReports: string };
}
interface Indicator {
  id: string;
  question: string;
  stage: string;
  evidence: { answer?: boolean };
}

/** The instinct question is offered first and on its own: the guidance says to trust your instincts (G-03). */
const INSTINCT = 'IN-01';

const DRAFT = 'bulwark.report-draft';
type Draft = Record<string, unknown>;
const loadDraft = (): Draft => {
  try {
    return JSON.parse(sessionStorage.getItem(DRAFT) ?? '{}') as Draft;
  } catch {
    return {};
  }
};

export function Report() {
  const session = useSession();
  const [draft] = useState(loadDraft);
  const d = <T,>(k: string, fallback: T): T => (draft[k] as T | undefined) ?? fallback;
  const office = useOfficeQuery();
  const vocab = useLoad(() => Promise.all([api.get<Vocabulary>('/api/vocabulary'), api.get<{ indicators: Indicator[] }>('/api/indicators')]));
  const [name, setName] = useState(d('name', ''));
  const [kind, setKind] = useState<'person' | 'organisation'>(d('kind', 'person'));
  const [claimedRole, setClaimedRole] = useState(d('claimedRole', ''));
  const [affiliation, setAffiliation] = useState(d('affiliation', ''));
  const [email, setEmail] = useState(d('email', ''));
  const [profile, setProfile] = useState(d('profile', ''));
  const [date, setDate] = useState(ukDate(new Date().toISOString()));
  const [channel, setChannel] = useState(d('channel', ''));
  const [types, setTypes] = useState<string[]>(d('types', []));
  const [approached, setApproached] = useState(session.user.displayName || session.user.username);
  const [asked, setAsked] = useState(d('asked', ''));
  const [answers, setAnswers] = useState<string[]>(d('answers', []));
  const [notes, setNotes] = useState(d('notes', ''));
  const [tlp, setTlp] = useState(d('tlp', ''));
  const [files, setFiles] = useState<Picked[]>([]);
  const [live, setLive] = useState<Assessment>();
  const [liveError, setLiveError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<{ assessment: Assessment; contact: { id: string; name: string } }>();
  const [busy, setBusy] = useState(false);
  const timer = useRef<number>(undefined);

  const body = (withFiles: boolean) => ({
    contact: {
      name, kind, ...(claimedRole ? { claimedRole } : {}), ...(affiliation ? { claimedAffiliation: affiliation } : {}),
      emails: email ? [email] : [], profiles: profile ? [profile] : [],
    },
    date: isoDay(date), channel, types, approached: { name: approached }, asked: asked || 'not said yet', answers,
    ...(notes ? { notes } : {}),
    ...(tlp ? { tlp } : {}),
    ...(withFiles && files.length ? { attachments: files.map((f) => ({ filename: f.name, contentBase64: f.base64 })) } : {}),
  });

  // Kept for this browser tab only: an expired session or a failed send loses nothing typed (files excepted).
  useEffect(() => {
    sessionStorage.setItem(DRAFT, JSON.stringify({ name, kind, claimedRole, affiliation, email, profile, channel, types, asked, answers, notes, tlp }));
  }, [name, kind, claimedRole, affiliation, email, profile, channel, types, asked, answers, notes, tlp]);

  // The level and its reasons come from the server as answers arrive; the form holds no rule of its own.
  useEffect(() => {
    if (!name.trim() || !channel || !types.length || !approached.trim()) return;
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      api.post<{ assessment: Assessment }>(inOffice('/api/approaches/assess', office), body(false)).then(
        (r) => { setLive(r.assessment); setLiveError(undefined); },
        (e) => setLiveError(e),
      );
    }, 500);
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, kind, claimedRole, affiliation, email, profile, date, channel, types, approached, asked, answers, office]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<{ assessment: Assessment; contact: { id: string; name: string } }>(inOffice('/api/approaches', office), body(true));
      setSaved(r);
      sessionStorage.removeItem(DRAFT);
      scrollTo(0, 0);
    } catch (err) {
      setError(err);
      scrollTo(0, 0);
    } finally {
      setBusy(false);
    }
  }

  // The server names the field at fault; that field shows the message and is marked invalid.
  const bad = (field: string) => (error instanceof ApiError && error.field?.startsWith(field) ? error.message : undefined);

  if (saved) return <Done saved={saved} />;
  if (!vocab.data) return <Page title="Report an approach">{vocab.error ? <Problem error={vocab.error} /> : <Loading />}</Page>;
  const [v, cat] = vocab.data;
  const questions = cat.indicators.filter((i) => i.evidence.answer && i.id !== INSTINCT);
  const instinct = cat.indicators.find((i) => i.id === INSTINCT);
  const byStage = Object.entries(v.stages).map(([stage, title]) => ({ stage, title, items: questions.filter((q) => q.stage === stage) })).filter((g) => g.items.length);
  const toggle = (list: string[], set: (l: string[]) => void, id: string, on: boolean) => set(on ? [...list, id] : list.filter((x) => x !== id));

  return (
    <Page title="Report an approach" lead="Tell us what happened in your own words. It takes a couple of minutes, and reporting something that turns out harmless is never a waste of anyone's time.">
      <Problem error={error} />
      <div className="report-layout">
        <form onSubmit={submit} className="report-form">
          <fieldset>
            <legend>Who contacted you</legend>
            <Field label="Their name (or the organisation's)" error={bad('contact.name')}>{(id, d) => <input id={id} aria-invalid={Boolean(bad('contact.name'))} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} required />}</Field>
            <div className="radios" role="radiogroup" aria-label="A person or an organisation">
              {(['person', 'organisation'] as const).map((k) => (
                <label key={k} className="check"><input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} /> A {k}</label>
              ))}
            </div>
            <Field label="Who they said they were" hint="Optional">
              {(id, d) => (
                <select id={id} aria-describedby={d} value={claimedRole} onChange={(e) => setClaimedRole(e.target.value)}>
                  <option value="">Not said, or not sure</option>
                  {v.claimedRoles.map((r) => <option key={r} value={r}>{r.replace(/_/g, ' ')}</option>)}
                </select>
              )}
            </Field>
            <Field label="Organisation they claimed" hint="Optional">{(id, d) => <input id={id} aria-describedby={d} value={affiliation} onChange={(e) => setAffiliation(e.target.value)} />}</Field>
            <Field label="Their email address" hint="Optional" error={bad('contact.emails')}>{(id, d) => <input id={id} aria-invalid={Boolean(bad('contact.emails'))} aria-describedby={d} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
            <Field label="Their profile address (LinkedIn or other)" hint="Optional, starting https://" error={bad('contact.profiles')}>{(id, d) => <input id={id} aria-invalid={Boolean(bad('contact.profiles'))} aria-describedby={d} type="url" value={profile} onChange={(e) => setProfile(e.target.value)} />}</Field>
          </fieldset>
          <fieldset>
            <legend>How and when</legend>
            <Field label="Date" hint="DD/MM/YYYY" error={bad('date')}>{(id, d) => <input id={id} aria-invalid={Boolean(bad('date'))} aria-describedby={d} inputMode="numeric" value={date} onChange={(e) => setDate(e.target.value)} required />}</Field>
            <fieldset className="inner">
              <legend>How they got in touch</legend>
              {Object.entries(v.channels).map(([k, c]) => (
                <label key={k} className="check"><input type="radio" name="channel" value={k} checked={channel === k} onChange={() => setChannel(k)} required /> {c.label}</label>
              ))}
            </fieldset>
            <fieldset className="inner">
              <legend>What kind of approach (tick all that fit)</legend>
              {Object.entries(v.approachTypes).map(([k, t]) => (
                <label key={k} className="check"><input type="checkbox" checked={types.includes(k)} onChange={(e) => toggle(types, setTypes, k, e.target.checked)} /> {t.label}</label>
              ))}
            </fieldset>
            <Field label="Who in the office was approached" error={bad('approached')}>{(id, d) => <input id={id} aria-invalid={Boolean(bad('approached'))} aria-describedby={d} value={approached} onChange={(e) => setApproached(e.target.value)} required />}</Field>
            <Field label="What did they ask for or offer?" error={bad('asked')}>{(id, d) => <textarea id={id} aria-invalid={Boolean(bad('asked'))} aria-describedby={d} rows={3} value={asked} onChange={(e) => setAsked(e.target.value)} required />}</Field>
          </fieldset>
          {instinct && (
            <fieldset className="instinct">
              <legend>Your instinct</legend>
              <label className="check big">
                <input type="checkbox" checked={answers.includes(INSTINCT)} onChange={(e) => toggle(answers, setAnswers, INSTINCT, e.target.checked)} /> Something felt wrong, even if I cannot say what
              </label>
              <p className="hint">The guidance says to trust your instincts: a report like this always goes to someone.</p>
            </fieldset>
          )}
          <fieldset>
            <legend>Did any of these happen? Tick any that fit</legend>
            {byStage.map((g) => (
              <fieldset key={g.stage} className="inner stage">
                <legend>{g.title}</legend>
                {g.items.map((q) => (
                  <label key={q.id} className="check"><input type="checkbox" checked={answers.includes(q.id)} onChange={(e) => toggle(answers, setAnswers, q.id, e.target.checked)} /> {q.question}</label>
                ))}
              </fieldset>
            ))}
          </fieldset>
          <fieldset>
            <legend>Anything else</legend>
            <Field label="Notes" hint="Optional">{(id, d) => <textarea id={id} aria-describedby={d} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />}</Field>
            <Attachments files={files} onChange={setFiles} />
            <Field label="Who may see this report" hint="Its TLP marking: sharing and exports hold to it.">
              {(id, d) => (
                <select id={id} aria-describedby={d} value={tlp || v.tlp.defaultForReports} onChange={(e) => setTlp(e.target.value)}>
                  {v.tlp.levels.map((l) => <option key={l.level} value={l.level}>{l.label}: {l.meaning}</option>)}
                </select>
              )}
            </Field>
          </fieldset>
          <button type="submit" disabled={busy}>{busy ? 'Sending…' : 'Send the report'}</button>
        </form>
        <aside className="live" aria-label="Level so far">
          <h2>Level so far</h2>
          {/* Only the level is announced as it changes; the reasons are there to read. */}
          <p className="visually-hidden" aria-live="polite">{live ? `Level now ${live.level}, score ${live.score}` : ''}</p>
          {liveError ? <Problem error={liveError} /> : live ? <AssessmentView a={live} compact /> : <p>Fill in who, how and what kind of approach to see the level.</p>}
        </aside>
      </div>
    </Page>
  );
}

function Done({ saved }: { saved: { assessment: Assessment; contact: { id: string; name: string } } }) {
  return (
    <Page title="Report sent" lead={`Thank you. The report about ${saved.contact.name} is saved, and the contact was screened against the sanctions lists.`}>
      <AssessmentView a={saved.assessment} />
      <p>
        <Link to={`/contacts/${saved.contact.id}`}>See the contact's page</Link> · <Link to="/">Back to the dashboard</Link>
      </p>
    </Page>
  );
}
