import { useEffect, useState, type FormEvent } from 'react';
import { api, inOffice } from '../api';
import { Field, Loading, Page, Problem, useLoad } from '../components';
import { isoDay, label, pounds, ukDate } from '../format';
import { useOfficeQuery, useSession } from '../session';
import { CheckView, type MoneyCheck } from './CheckView';

interface Vocabulary {
  moneyKinds: string[];
  recipients: string[];
  paymentMethods: string[];
  donorTypes: Record<string, { label: string; source: string }>;
}
/** An entry with the checker's verdict (POST /api/money and /api/money/check answer the same shape). */
interface Stored {
  entry: { id: string; kind: string; donor: { name: string }; amount: number; value?: number; received: string; description: string };
  check: MoneyCheck;
  current?: MoneyCheck;
}

const split = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export function Money() {
  const office = useOfficeQuery();
  const { user } = useSession();
  const vocab = useLoad(() => api.get<Vocabulary>('/api/vocabulary'));
  const list = useLoad(() => api.get<{ items: Stored[] }>(inOffice('/api/money?limit=500', office)), [office]);
  const [f, setF] = useState({ kind: 'donation', recipient: 'member', donorName: '', donorType: 'individual', companyNumber: '', directors: '', owners: '', foreignParent: false, amount: '', received: ukDate(new Date().toISOString()), paymentMethod: 'bank_transfer', description: '', fundsStaff: false });
  const [evidence, setEvidence] = useState<Record<string, boolean>>({});
  const [asked, setAsked] = useState<Record<string, string>>({});
  const [check, setCheck] = useState<MoneyCheck>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<Stored>();
  const set = (k: keyof typeof f) => (v: string | boolean) => setF({ ...f, [k]: v });

  const body = () => ({
    kind: f.kind, recipient: f.recipient, amount: Number(f.amount), received: isoDay(f.received), paymentMethod: f.paymentMethod, description: f.description || 'not described yet',
    ...(f.fundsStaff ? { fundsStaff: true } : {}),
    donor: {
      name: f.donorName, type: f.donorType, evidence, ...(f.companyNumber ? { companyNumber: f.companyNumber } : {}),
      directors: split(f.directors), owners: split(f.owners), ...(f.foreignParent ? { foreignParent: true } : {}),
    },
  });
  // The verdict, missing evidence and red flags come from the server's checker as the form is filled.
  useEffect(() => {
    if (!f.donorName.trim() || !(Number(f.amount) > 0)) return;
    const t = window.setTimeout(() => {
      api.post<Stored>(inOffice('/api/money/check', office), body()).then(
        ({ check: c }) => {
          setCheck(c);
          setError(undefined);
          setAsked((a) => ({ ...a, ...Object.fromEntries(c.missingEvidence.map((m) => [m.id, m.question])) }));
        },
        (e) => setError(e),
      );
    }, 500);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [f, evidence, office]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      setSaved(await api.post<Stored>(inOffice('/api/money', office), body()));
      list.reload();
    } catch (x) {
      setError(x);
    }
  }
  if (!vocab.data) return <Page title="Donations, gifts and hospitality">{vocab.error ? <Problem error={vocab.error} /> : <Loading />}</Page>;
  const v = vocab.data;
  const canWrite = user.role !== 'security_officer';
  return (
    <Page title="Donations, gifts and hospitality" lead="Record what was offered or received: Bulwark says at once whether it may be accepted, what evidence is missing, and by when to decide.">
      <div className="report-layout">
        <form onSubmit={submit} className="report-form">
          <Problem error={error} />
          <Field label="What was it">{(id) => <select id={id} value={f.kind} onChange={(e) => set('kind')(e.target.value)}>{v.moneyKinds.map((k) => <option key={k} value={k}>{label(k)}</option>)}</select>}</Field>
          <Field label="Who received it">{(id) => <select id={id} value={f.recipient} onChange={(e) => set('recipient')(e.target.value)}>{v.recipients.map((k) => <option key={k} value={k}>{label(k)}</option>)}</select>}</Field>
          <Field label="Donor's name">{(id) => <input id={id} value={f.donorName} onChange={(e) => set('donorName')(e.target.value)} required />}</Field>
          <Field label="Type of donor">{(id) => <select id={id} value={f.donorType} onChange={(e) => { set('donorType')(e.target.value); setEvidence({}); setAsked({}); }}>{Object.entries(v.donorTypes).map(([k, t]) => <option key={k} value={k}>{t.label}</option>)}</select>}</Field>
          <Field label="Companies House number" hint="For companies and LLPs">{(id, d) => <input id={id} aria-describedby={d} value={f.companyNumber} onChange={(e) => set('companyNumber')(e.target.value)} />}</Field>
          <Field label="Directors" hint="Names, separated by commas: each is screened">{(id, d) => <input id={id} aria-describedby={d} value={f.directors} onChange={(e) => set('directors')(e.target.value)} />}</Field>
          <Field label="Owners" hint="Names, separated by commas: each is screened">{(id, d) => <input id={id} aria-describedby={d} value={f.owners} onChange={(e) => set('owners')(e.target.value)} />}</Field>
          <label className="check"><input type="checkbox" checked={f.foreignParent} onChange={(e) => set('foreignParent')(e.target.checked)} /> The company has a parent company abroad</label>
          <label className="check"><input type="checkbox" checked={f.fundsStaff} onChange={(e) => set('fundsStaff')(e.target.checked)} /> It pays for staff or researchers</label>
          {Object.keys(asked).length > 0 && (
            <fieldset>
              <legend>Evidence for this type of donor</legend>
              {Object.entries(asked).map(([id, q]) => (
                <Field key={id} label={q}>
                  {(fid) => (
                    <select id={fid} value={id in evidence ? String(evidence[id]) : ''} onChange={(e) => { const n = { ...evidence }; if (e.target.value === '') delete n[id]; else n[id] = e.target.value === 'true'; setEvidence(n); }}>
                      <option value="">Not checked yet</option><option value="true">Yes</option><option value="false">No</option>
                    </select>
                  )}
                </Field>
              ))}
            </fieldset>
          )}
          <Field label="Amount or value in pounds (£)">{(id) => <input id={id} inputMode="decimal" value={f.amount} onChange={(e) => set('amount')(e.target.value)} required />}</Field>
          <Field label="Date received" hint="DD/MM/YYYY">{(id, d) => <input id={id} aria-describedby={d} value={f.received} onChange={(e) => set('received')(e.target.value)} required />}</Field>
          <Field label="How it was paid">{(id) => <select id={id} value={f.paymentMethod} onChange={(e) => set('paymentMethod')(e.target.value)}>{v.paymentMethods.map((k) => <option key={k} value={k}>{label(k)}</option>)}</select>}</Field>
          <Field label="Description">{(id) => <input id={id} value={f.description} onChange={(e) => set('description')(e.target.value)} required />}</Field>
          {canWrite && <button type="submit">Record it</button>}
        </form>
        <aside className="live" aria-label="Check">
          <h2>{saved ? 'Recorded' : 'Check so far'}</h2>
          <p className="visually-hidden" aria-live="polite">{(saved?.check ?? check) ? `Verdict: ${(saved?.check ?? check)!.verdict.replace(/_/g, ' ')}` : ''}</p>
          {saved ? <CheckView c={saved.check} /> : check ? <CheckView c={check} /> : <p>Enter the donor and the amount to see the check.</p>}
        </aside>
      </div>
      <section aria-labelledby="recorded-h">
        <h2 id="recorded-h">Recorded</h2>
        {!list.data ? <Loading /> : list.data.items.length ? (
          <div className="table-wrap">
            <table>
              <thead><tr><th scope="col">Received</th><th scope="col">What</th><th scope="col">From</th><th scope="col">Value</th><th scope="col">Verdict today</th></tr></thead>
              <tbody>
                {list.data.items.map((s) => (
                  <tr key={s.entry.id}><td>{ukDate(s.entry.received)}</td><td>{label(s.entry.kind)}: {s.entry.description}</td><td>{s.entry.donor.name}</td><td>{pounds(s.entry.value ?? s.entry.amount)}</td><td>{label((s.current ?? s.check).verdict)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : <p>Nothing recorded yet.</p>}
      </section>
    </Page>
  );
}
