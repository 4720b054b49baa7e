import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Field, Loading, Page, Problem, useLoad } from '../components';
import { label, ukDate, ukDateTime } from '../format';
import { Tokens } from './Account';
import { ListImport } from './ListImport';

interface UserRow { id: string; username: string; displayName: string; role: string; officeId: string; offices: string[]; disabled: boolean; mustChangePassword: boolean }
interface Office { id: string; name: string; kind: string }
interface Dataset { name: string; title: string; entityCount: number; current: { id: number; dataDate?: string; importedAt: string; recordCount: number } }
interface Catalogue { version: number; indicators: { id: string; question: string; weight: number; stage: string; source: { origin: string } }[] }

export function Admin() {
  const [tab, setTab] = useState('users');
  const tabs: [string, string][] = [['users', 'Users'], ['offices', 'Offices'], ['lists', 'Lists'], ['indicators', 'Indicators'], ['audit', 'Audit'], ['tokens', 'API tokens']];
  return (
    <Page title="Administration">
      <div role="group" aria-label="Administration sections" className="tabs">
        {tabs.map(([id, text]) => (
          <button key={id} type="button" aria-pressed={tab === id} onClick={() => setTab(id)}>{text}</button>
        ))}
      </div>
      <div>
        {tab === 'users' && <Users />}
        {tab === 'offices' && <Offices />}
        {tab === 'lists' && <Lists />}
        {tab === 'indicators' && <Indicators />}
        {tab === 'audit' && <Audit />}
        {tab === 'tokens' && <Tokens />}
      </div>
    </Page>
  );
}

function Users() {
  const users = useLoad(() => api.get<{ items: UserRow[] }>('/api/users?limit=500'));
  const vocab = useLoad(() => api.get<{ roles: string[] }>('/api/vocabulary'));
  const [f, setF] = useState({ username: '', displayName: '', role: 'staff', officeId: '', offices: '' });
  const [shown, setShown] = useState<string>();
  const [error, setError] = useState<unknown>();
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await api.post<{ password?: string }>('/api/users', { username: f.username, displayName: f.displayName, role: f.role, officeId: f.officeId, offices: f.offices.split(',').map((x) => x.trim()).filter(Boolean) });
      setShown(r.password ? `Password for ${f.username} (shown once): ${r.password}` : `${f.username} created.`);
      users.reload();
    } catch (x) {
      setError(x);
    }
  }
  const patch = async (id: string, body: unknown) => {
    try { await api.patch(`/api/users/${id}`, body); users.reload(); } catch (x) { setError(x); }
  };
  return (
    <>
      <h2>Users</h2>
      <Problem error={error ?? users.error} />
      {shown && <p className="notice" role="status"><code className="token">{shown}</code></p>}
      {!users.data ? <Loading /> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Office</th><th scope="col">Also sees</th><th scope="col">State</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <td>{u.displayName || u.username} <span className="muted">({u.username})</span></td>
                  <td>
                    <select aria-label={`Role of ${u.username}`} value={u.role} onChange={(e) => void patch(u.id, { role: e.target.value })}>
                      {(vocab.data?.roles ?? [u.role]).map((r) => <option key={r} value={r}>{label(r)}</option>)}
                    </select>
                  </td>
                  <td>{u.officeId}</td>
                  <td>{u.offices.filter((o) => o !== u.officeId).join(', ')}</td>
                  <td>{u.disabled ? 'disabled' : u.mustChangePassword ? 'must change password' : 'active'}</td>
                  <td><button type="button" className="secondary" onClick={() => void patch(u.id, { disabled: !u.disabled })}>{u.disabled ? 'Enable' : 'Disable'} {u.username}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={create} className="narrow">
        <h3>New user</h3>
        <Field label="User name">{(id) => <input id={id} value={f.username} onChange={(e) => setF({ ...f, username: e.target.value })} required />}</Field>
        <Field label="Full name">{(id) => <input id={id} value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} />}</Field>
        <Field label="Role">{(id) => <select id={id} value={f.role} onChange={(e) => setF({ ...f, role: e.target.value })}>{(vocab.data?.roles ?? []).map((r) => <option key={r} value={r}>{label(r)}</option>)}</select>}</Field>
        <Field label="Office">{(id) => <input id={id} value={f.officeId} onChange={(e) => setF({ ...f, officeId: e.target.value })} required />}</Field>
        <Field label="Other offices it protects" hint="Security officers: office ids, separated by commas">{(id, d) => <input id={id} aria-describedby={d} value={f.offices} onChange={(e) => setF({ ...f, offices: e.target.value })} />}</Field>
        <button type="submit">Create user</button>
      </form>
    </>
  );
}

function Offices() {
  const offices = useLoad(() => api.get<{ items: Office[] }>('/api/offices'));
  const vocab = useLoad(() => api.get<{ officeKinds: string[] }>('/api/vocabulary'));
  const [f, setF] = useState({ id: '', name: '', kind: 'commons' });
  const [error, setError] = useState<unknown>();
  async function save(e: FormEvent) {
    e.preventDefault();
    try { await api.put(`/api/offices/${encodeURIComponent(f.id)}`, { name: f.name, kind: f.kind }); offices.reload(); } catch (x) { setError(x); }
  }
  return (
    <>
      <h2>Offices</h2>
      <p>An office's kind decides whom its reports go to.</p>
      <Problem error={error ?? offices.error} />
      {!offices.data ? <Loading /> : <ul>{offices.data.items.map((o) => <li key={o.id}>{o.name} <span className="muted">({o.id}, {label(o.kind)})</span></li>)}</ul>}
      <form onSubmit={save} className="narrow">
        <h3>Add or change an office</h3>
        <Field label="Office id">{(id) => <input id={id} value={f.id} onChange={(e) => setF({ ...f, id: e.target.value })} required />}</Field>
        <Field label="Name">{(id) => <input id={id} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required />}</Field>
        <Field label="Kind">{(id) => <select id={id} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })}>{(vocab.data?.officeKinds ?? []).map((k) => <option key={k} value={k}>{label(k)}</option>)}</select>}</Field>
        <button type="submit">Save office</button>
      </form>
    </>
  );
}

function Lists() {
  const lists = useLoad(() => api.get<{ items: Dataset[] }>('/api/lists'));
  const [updating, setUpdating] = useState<'running' | 'done'>();
  const [history, setHistory] = useState<string>();
  const [error, setError] = useState<unknown>();
  async function update() {
    setUpdating('running');
    setError(undefined);
    try {
      await api.post('/api/lists/update');
      setUpdating('done');
      lists.reload();
    } catch (x) {
      setError(x);
      setUpdating(undefined);
    }
  }
  return (
    <>
      <h2>Lists</h2>
      <Problem error={lists.error ?? error} />
      <p>
        <button type="button" className="secondary" onClick={() => void update()} disabled={updating === 'running'}>
          {updating === 'running' ? 'Downloading fresh copies…' : 'Update every list from its official address'}
        </button>
        {updating === 'done' && <span role="status"> Lists updated.</span>}
      </p>
      {!lists.data ? <Loading /> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">List</th><th scope="col">Entities</th><th scope="col">Data date</th><th scope="col">Imported</th><th scope="col">Version</th></tr></thead>
            <tbody>
              {lists.data.items.map((d) => (
                <tr key={d.name}><td>{d.title} <span className="muted">({d.name})</span></td><td>{d.entityCount.toLocaleString('en-GB')}</td><td>{ukDate(d.current.dataDate)}</td><td>{ukDateTime(d.current.importedAt)}</td><td><button type="button" className="link" onClick={() => setHistory(d.name)}>Version {d.current.id}: history of {d.name}</button></td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history && <ListHistory name={history} />}
      {lists.data && <ListImport names={lists.data.items.map((d) => d.name)} onDone={lists.reload} />}
    </>
  );
}

interface Version { id: number; importedAt: string; dataDate?: string; recordCount: number; actor: string; delta: { added: number; removed: number; changed: number } }

function ListHistory({ name }: { name: string }) {
  const v = useLoad(() => api.get<{ items: Version[] }>(`/api/lists/${encodeURIComponent(name)}/versions`), [name]);
  if (!v.data) return v.error ? <Problem error={v.error} /> : <Loading />;
  return (
    <div className="table-wrap">
      <table>
        <caption>Versions of {name}</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">Imported</th><th scope="col">Data date</th><th scope="col">Records</th><th scope="col">Added / removed / changed</th><th scope="col">By</th></tr></thead>
        <tbody>{v.data.items.map((x) => <tr key={x.id}><td>{x.id}</td><td>{ukDateTime(x.importedAt)}</td><td>{ukDate(x.dataDate)}</td><td>{x.recordCount.toLocaleString('en-GB')}</td><td>{x.delta.added} / {x.delta.removed} / {x.delta.changed}</td><td>{x.actor}</td></tr>)}</tbody>
      </table>
    </div>
  );
}

function Indicators() {
  const cat = useLoad(() => api.get<Catalogue>('/api/indicators'));
  if (!cat.data) return cat.error ? <Problem error={cat.error} /> : <Loading />;
  return (
    <>
      <h2>Indicator catalogue, version {cat.data.version}</h2>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">Id</th><th scope="col">Question</th><th scope="col">Weight</th><th scope="col">Stage</th><th scope="col">Source</th></tr></thead>
          <tbody>{cat.data.indicators.map((i) => <tr key={i.id}><td>{i.id}</td><td>{i.question}</td><td>{i.weight}</td><td>{i.stage}</td><td>{i.source.origin}</td></tr>)}</tbody>
        </table>
      </div>
    </>
  );
}

function Audit() {
  const verify = useLoad(() => api.get<{ ok: boolean; entries?: number; checked?: number; problem?: string; firstBad?: number }>('/api/audit/verify'));
  const audit = useLoad(() => api.get<{ items: { seq: number; at: string; actor: string; officeId: string; action: string; subject: string }[] }>('/api/audit?limit=50'));
  return (
    <>
      <h2>Audit trail</h2>
      <Problem error={verify.error ?? audit.error} />
      {verify.data && <p className={verify.data.ok ? 'notice' : 'problem'} role="status">{verify.data.ok ? `The chain verifies: no entry was altered, removed or reordered.` : `The chain does NOT verify${verify.data.problem ? `: ${verify.data.problem}` : ''}.`}</p>}
      {audit.data && (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Office</th><th scope="col">What</th><th scope="col">Subject</th></tr></thead>
            <tbody>{audit.data.items.map((a) => <tr key={a.seq}><td>{a.seq}</td><td>{ukDateTime(a.at)}</td><td>{a.actor}</td><td>{a.officeId}</td><td>{a.action}</td><td>{a.subject}</td></tr>)}</tbody>
          </table>
        </div>
      )}
    </>
  );
}
