import { api, inOffice } from '../api';
import { Level, Loading, Page, Problem, useLoad } from '../components';
import { daysFrom, ukDate, ukDateTime } from '../format';
import { Link } from '../router';
import { useOfficeQuery, useSession } from '../session';

export interface ContactSummary {
  id: string;
  name: string;
  updatedAt: string;
  data: { claimedRole?: string; claimedAffiliation?: string; screening?: { at?: string; hits: { entityId: string; caption: string; level: string; dataset: string; score: number; reasons: string[] }[] } };
}
interface Alert {
  id: string;
  contactId: string;
  kind: string;
  level: string;
  message: string;
  routedTo: string[];
  createdAt: string;
}
interface DeadlineItem {
  due: string;
  status: 'overdue' | 'upcoming';
  what: string;
  subject: string;
  source: string;
}

export function Dashboard() {
  const office = useOfficeQuery();
  const { user } = useSession();
  const { data, error } = useLoad(
    () =>
      Promise.all([
        api.get<{ items: Alert[] }>(inOffice('/api/alerts?limit=10', office)),
        api.get<{ items: DeadlineItem[] }>(inOffice('/api/deadlines', office)),
        api.get<{ items: ContactSummary[] }>(inOffice('/api/contacts?limit=50', office)),
      ]),
    [office],
  );
  return (
    <Page title="Dashboard" lead={`Signed in as ${user.displayName || user.username}. What needs attention in ${office ?? user.officeId}.`}>
      <p>
        <Link to="/report" className="button">Report an approach</Link>
      </p>
      <Problem error={error} />
      {!data ? (
        <Loading />
      ) : (
        <div className="cards">
          <section aria-labelledby="alerts-h" className="card">
            <h2 id="alerts-h">Open alerts</h2>
            {data[0].items.length ? (
              <ul className="plain">
                {data[0].items.map((a) => (
                  <li key={a.id}>
                    <Level level={a.level} /> <Link to={`/contacts/${a.contactId}`}>{a.message}</Link>
                    <div className="muted">{ukDateTime(a.createdAt)} · told: {a.routedTo.join(', ')}</div>
                  </li>
                ))}
              </ul>
            ) : (
              <p>No alerts.</p>
            )}
          </section>
          <section aria-labelledby="deadlines-h" className="card">
            <h2 id="deadlines-h">Deadlines</h2>
            {data[1].items.length ? (
              <ul className="plain">
                {data[1].items.map((d, i) => {
                  const days = daysFrom(d.due);
                  return (
                    <li key={i} className={d.status === 'overdue' ? 'overdue' : undefined}>
                      <strong>{d.status === 'overdue' ? `Overdue by ${-days} day${days === -1 ? '' : 's'}` : days === 0 ? 'Due today' : `${days} day${days === 1 ? '' : 's'} left`}</strong>{' '}
                      ({ukDate(d.due)}): {d.what} — {d.subject} <span className="source">({d.source})</span>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p>No open deadlines.</p>
            )}
          </section>
          <section aria-labelledby="recent-h" className="card">
            <h2 id="recent-h">Recent contacts</h2>
            {data[2].items.length ? (
              <ul className="plain">
                {data[2].items.slice(0, 8).map((c) => (
                  <li key={c.id}>
                    <Link to={`/contacts/${c.id}`}>{c.name}</Link> <span className="muted">{c.data.claimedRole?.replace(/_/g, ' ')} · {ukDate(c.updatedAt)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>No approaches reported yet.</p>
            )}
          </section>
          <section aria-labelledby="hits-h" className="card">
            <h2 id="hits-h">Screening hits to review</h2>
            <HitsToReview contacts={data[2].items} />
          </section>
        </div>
      )}
    </Page>
  );
}

function HitsToReview({ contacts }: { contacts: ContactSummary[] }) {
  const withHits = contacts.filter((c) => c.data.screening?.hits.length);
  if (!withHits.length) return <p>No contact has a screening hit.</p>;
  return (
    <ul className="plain">
      {withHits.map((c) => (
        <li key={c.id}>
          <Level level={c.data.screening!.hits[0].level} /> {c.name} — {c.data.screening!.hits[0].caption} ({c.data.screening!.hits[0].dataset}).{' '}
          <Link to={`/screening?name=${encodeURIComponent(c.name)}`}>Review and decide</Link>
        </li>
      ))}
    </ul>
  );
}
