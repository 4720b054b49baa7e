import { api, inOffice } from '../api';
import { Cited, Level, Loading, Page, Problem, useLoad } from '../components';
import { bytes, label, ukDate } from '../format';
import { loadGuidance, sectionFor } from '../guidance-index';
import { Link, useLocation } from '../router';
import { useOfficeQuery, useSession } from '../session';
import { HitCard, type Result } from './Screening';
import type { Assessment } from './AssessmentView';
import type { ContactSummary } from './Dashboard';

export function Contacts() {
  const office = useOfficeQuery();
  const { data, error } = useLoad(() => api.get<{ items: ContactSummary[] }>(inOffice('/api/contacts?limit=500', office)), [office]);
  return (
    <Page title="Contacts" lead="Everyone who has approached this office, most recently active first.">
      <Problem error={error} />
      {!data ? (
        <Loading />
      ) : data.items.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Contacts</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Said to be</th><th scope="col">Screening</th><th scope="col">Last change</th></tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id}>
                  <td><Link to={`/contacts/${c.id}`}>{c.name}</Link></td>
                  <td>{[c.data.claimedRole?.replace(/_/g, ' '), c.data.claimedAffiliation].filter(Boolean).join(', ')}</td>
                  <td>{c.data.screening?.hits.length ? <Level level={c.data.screening.hits[0].level} /> : 'no hit'}</td>
                  <td>{ukDate(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No contacts yet. <Link to="/report">Report an approach</Link>.</p>
      )}
    </Page>
  );
}

interface Approach {
  id: string;
  date: string;
  data: { channel: string; types: string[]; asked: string; approached: { name: string }; notes?: string; tlp?: string };
  assessment: Assessment;
  attachments: { id: string; filename: string; size: number; sha256: string }[];
  createdBy: string;
}
interface ContactView {
  contact: ContactSummary & { data: ContactSummary['data'] & { emails?: string[]; phones?: string[]; profiles?: string[]; country?: string; tlp?: string } };
  approaches: Approach[];
  relationship: Assessment & { timeline: { approachId: string; date: string; assessment: Assessment }[]; alerts: { kind: string; message: string; level: string }[] };
}

export function ContactPage({ id }: { id: string }) {
  const own = useOfficeQuery();
  // A security officer arrives from the cross-office view with the contact's office named.
  const office = useLocation().params.get('office') ?? own;
  const { data, error } = useLoad(() => api.get<ContactView>(inOffice(`/api/contacts/${encodeURIComponent(id)}`, office)), [id, office]);
  const { data: guidance } = useLoad(loadGuidance);
  if (error) return <Page title="Contact not found"><p>There is no such contact in this office.</p><p><Link to="/contacts">All contacts</Link></p></Page>;
  if (!data) return <Page title="Contact"><Loading /></Page>;
  const { contact: c, approaches, relationship: r } = data;
  const d = c.data;
  return (
    <Page title={c.name}>
      <section aria-labelledby="details-h">
        <h2 id="details-h">Details</h2>
        <dl className="details">
          {d.claimedRole && (<><dt>Said to be</dt><dd>{label(d.claimedRole)}{d.claimedAffiliation ? `, ${d.claimedAffiliation}` : ''}</dd></>)}
          {d.emails?.length ? (<><dt>Email</dt><dd>{d.emails.join(', ')}</dd></>) : null}
          {d.phones?.length ? (<><dt>Phone</dt><dd>{d.phones.join(', ')}</dd></>) : null}
          {d.profiles?.length ? (<><dt>Profiles</dt><dd>{d.profiles.join(', ')}</dd></>) : null}
          {d.country && (<><dt>Country</dt><dd>{d.country}</dd></>)}
          {d.tlp && (<><dt>Marking</dt><dd>TLP:{d.tlp.toUpperCase()}</dd></>)}
          <dt>Relationship level</dt><dd><Level level={r.level} /> score {r.score} · stage reached: {r.stageName}</dd>
        </dl>
      </section>
      {r.alerts.length > 0 && (
        <section aria-labelledby="alerts-h">
          <h2 id="alerts-h">Alerts</h2>
          <ul>{r.alerts.map((a, i) => <li key={i}><Level level={a.level} /> {a.message}</li>)}</ul>
        </section>
      )}
      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        <ol className="timeline">
          {approaches.map((a) => (
            <li key={a.id}>
              <h3>{ukDate(a.date)}: {a.data.types.map(label).join(', ')} by {label(a.data.channel)}</h3>
              <p><Level level={a.assessment.level} /> score {a.assessment.score} · stage {a.assessment.stageName}{a.data.tlp ? ` · TLP:${a.data.tlp.toUpperCase()}` : ''}</p>
              <p>Asked: {a.data.asked} <span className="muted">(approached: {a.data.approached.name})</span></p>
              {a.assessment.fired.length > 0 && (
                <ul className="reasons">
                  {a.assessment.fired.map((f) => <li key={f.id}><Cited text={`${f.question} — ${f.because}`} source={f.id} guidance={sectionFor(guidance, f.id)} /></li>)}
                </ul>
              )}
              {a.attachments.length > 0 && <p>Attachments: {a.attachments.map((f) => `${f.filename} (${bytes(f.size)})`).join(', ')}</p>}
            </li>
          ))}
        </ol>
      </section>
      <ScreeningNow name={c.name} office={office} />
    </Page>
  );
}

/** The contact screened again now through the warm index, with every hit explained and the office's decisions. */
function ScreeningNow({ name, office }: { name: string; office?: string }) {
  const { user } = useSession();
  const r = useLoad(() => api.post<Result>(inOffice('/api/screen', office), { name, includePossible: true, limit: 5 }), [name, office]);
  return (
    <section aria-labelledby="screen-h">
      <h2 id="screen-h">Screening</h2>
      <Problem error={r.error} />
      {!r.data ? <Loading /> : r.data.hits.length ? (
        r.data.hits.map((h) => <HitCard key={h.entityId} hit={h} query={name} canDecide={user.role !== 'member'} office={office} onDecided={r.reload} />)
      ) : (
        <p>No list matches this contact.</p>
      )}
    </section>
  );
}
