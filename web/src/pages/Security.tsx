import { lazy, Suspense } from 'react';
import { api, inOffice } from '../api';
import { Level, Loading, Page, Problem, useLoad } from '../components';
import { ukDate } from '../format';
import { useOfficeQuery } from '../session';
// cytoscape is large; only security officers load it, and only on this page.
const Graph = lazy(() => import('./Graph').then((m) => ({ default: m.Graph })));

export interface Correlation {
  offices: number;
  keys: string[];
  contacts: { officeId: string; contactId: string; name: string; approaches: number; level: string; lastApproach: string }[];
}
interface Completion {
  officeId: string;
  drills: { id: string; title: string }[];
  users: { userId: string; completed: Record<string, { correct: number; total: number; at: string }>; allPassed: boolean }[];
}

const keyLabel = (k: string) => {
  const [kind, ...rest] = k.split(':');
  const v = rest.join(':');
  return kind === 'name' ? `name ${v.replace('|', ' at ').trim()}` : `${kind} ${v}`;
};

interface Alert {
  id: string;
  officeId: string;
  contactId: string;
  level: string;
  message: string;
  createdAt: string;
}

export function Security() {
  const office = useOfficeQuery();
  const alerts = useLoad(async () => (await api.get<{ items: Alert[] }>('/api/alerts?all=true&limit=20')).items);
  const corr = useLoad(() => api.get<{ items: Correlation[] }>('/api/correlations'));
  const drills = useLoad(() => api.get<Completion>(inOffice('/api/awareness/completion', office)), [office]);
  return (
    <Page title="Security overview" lead="The campaign, not the single approach: the same contact across the offices you protect.">
      <section aria-labelledby="xalerts-h">
        <h2 id="xalerts-h">Alerts across your offices</h2>
        <Problem error={alerts.error} />
        {!alerts.data ? <Loading /> : alerts.data.length ? (
          <ul className="plain">
            {alerts.data.slice(0, 20).map((a) => (
              <li key={a.id}>
                <Level level={a.level} /> {a.officeId}: <a href={`/contacts/${a.contactId}?office=${encodeURIComponent(a.officeId)}`}>{a.message}</a> <span className="muted">{ukDate(a.createdAt)}</span>
              </li>
            ))}
          </ul>
        ) : <p>No alerts in your offices.</p>}
      </section>
      <section aria-labelledby="corr-h">
        <h2 id="corr-h">The same contact reported by several offices</h2>
        <Problem error={corr.error} />
        {!corr.data ? <Loading /> : corr.data.items.length ? (
          <>
            {corr.data.items.map((c, i) => (
              <article key={i} className="card">
                <h3>{c.contacts[0].name}: {c.offices} offices</h3>
                <p>Shared details: {c.keys.map(keyLabel).join('; ')}</p>
                <div className="table-wrap">
                  <table>
                    <thead><tr><th scope="col">Office</th><th scope="col">Recorded as</th><th scope="col">Approaches</th><th scope="col">Level</th><th scope="col">Last approach</th></tr></thead>
                    <tbody>
                      {c.contacts.map((x) => (
                        <tr key={`${x.officeId}-${x.contactId}`}>
                          <td>{x.officeId}</td>
                          <td><a href={`/contacts/${x.contactId}?office=${encodeURIComponent(x.officeId)}`}>{x.name}</a></td>
                          <td>{x.approaches}</td>
                          <td><Level level={x.level} /></td>
                          <td>{ukDate(x.lastApproach)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </article>
            ))}
            <h2>Network</h2>
            <p id="graph-desc">Offices, the contacts they reported, and the details those contacts share. The tables above hold the same information.</p>
            <Suspense fallback={<Loading />}>
              <Graph items={corr.data.items} />
            </Suspense>
          </>
        ) : <p>No contact has been reported by more than one office.</p>}
      </section>
      <section aria-labelledby="drills-h">
        <h2 id="drills-h">Drill completion in {drills.data?.officeId ?? 'this office'}</h2>
        <Problem error={drills.error} />
        {!drills.data ? <Loading /> : drills.data.users.length ? (
          <div className="table-wrap">
            <table>
              <thead><tr><th scope="col">User</th>{drills.data.drills.map((d) => <th key={d.id} scope="col">{d.title}</th>)}<th scope="col">All passed</th></tr></thead>
              <tbody>
                {drills.data.users.map((u) => (
                  <tr key={u.userId}>
                    <td>{u.userId}</td>
                    {drills.data!.drills.map((d) => <td key={d.id}>{u.completed[d.id] ? `${u.completed[d.id].correct}/${u.completed[d.id].total} on ${ukDate(u.completed[d.id].at)}` : 'not yet'}</td>)}
                    <td>{u.allPassed ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : <p>No one in this office has done a drill yet.</p>}
      </section>
    </Page>
  );
}
