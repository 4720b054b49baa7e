import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Field, Loading, Page, Problem, useLoad } from '../components';
import { ukDateTime } from '../format';
import { useSession } from '../session';

export function Password({ forced }: { forced?: boolean }) {
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    if (next !== again) return setError(new Error('The two new passwords differ.'));
    try {
      await api.post('/api/auth/password', { current, next });
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
      await session.refresh();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Page title="Change your password" lead={forced ? 'Choose a new password before you carry on: the one you were given was temporary.' : undefined}>
      {done && <p className="notice" role="status">Your password is changed.</p>}
      <Problem error={error} />
      <form onSubmit={submit} className="narrow">
        <Field label="Current password">{(id) => <input id={id} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />}</Field>
        <Field label="New password" hint="A long passphrase of several words is best.">
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />}
        </Field>
        <Field label="New password again">{(id) => <input id={id} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />}</Field>
        <button type="submit">Change password</button>
      </form>
    </Page>
  );
}

const DIGESTS = [
  ['daily', 'Daily', 'each morning, only when something is overdue, falls due the next day, or a new alert came in'],
  ['weekly', 'Weekly', 'on Monday mornings, with what falls due that week'],
  ['off', 'Off', 'no reminder emails'],
] as const;

/** Where reminders reach the person: the email digest and a calendar feed of the office's deadlines. */
export function Reminders() {
  const session = useSession();
  const user = session.user!;
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [feed, setFeed] = useState<string>();
  const [digest, setDigest] = useState(user.digest);
  async function choose(next: typeof digest) {
    const before = digest;
    setDigest(next);
    setError(undefined);
    setSaved(false);
    try {
      await api.put('/api/auth/digest', { digest: next });
      await session.refresh();
      setSaved(true);
    } catch (err) {
      setDigest(before);
      setError(err);
    }
  }
  async function newFeed() {
    setError(undefined);
    try {
      const r = await api.post<{ path: string; url?: string }>('/api/auth/calendar', {});
      setFeed(r.url ?? `${window.location.origin}${r.path}`);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Page title="Reminders" lead="Deadlines and new alerts, where you already look: your email and your calendar.">
      <Problem error={error} />
      <h2>Email digest</h2>
      {user.email ? <p>Sent to {user.email}.</p> : <p className="notice">You have no email address on your account: ask an administrator to add one for the digest to reach you.</p>}
      {saved && <p className="notice" role="status">Saved.</p>}
      <fieldset>
        <legend>How often</legend>
        {DIGESTS.map(([value, label, what]) => (
          <label key={value} className="check">
            <input type="radio" name="digest" value={value} checked={digest === value} onChange={() => void choose(value)} /> {label}: {what}
          </label>
        ))}
      </fieldset>
      <h2>Calendar</h2>
      <p>
        Outlook, Google Calendar and phone calendars can subscribe to your office&apos;s deadlines. The address is private to you: anyone who has it can
        read those deadlines. Asking for a new address stops the old one working.
      </p>
      {feed && (
        <p className="notice" role="status">
          Your calendar address (copy it now into your calendar&apos;s &ldquo;subscribe from web&rdquo; or &ldquo;add calendar from URL&rdquo;; it will not be shown again): <code className="token">{feed}</code>
        </p>
      )}
      <button type="button" onClick={() => void newFeed()}>Get a new calendar address</button>
    </Page>
  );
}

interface Token {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export function Tokens() {
  const { data, error, reload } = useLoad(() => api.get<{ items: Token[]; scopes: Record<string, string> }>('/api/tokens'));
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [shown, setShown] = useState<string>();
  const [err, setErr] = useState<unknown>();
  async function create(e: FormEvent) {
    e.preventDefault();
    setErr(undefined);
    try {
      const r = await api.post<{ token: string }>('/api/tokens', { name, scopes });
      setShown(r.token);
      setName('');
      reload();
    } catch (x) {
      setErr(x);
    }
  }
  return (
    <Page title="API tokens" lead="Tokens let another system (a case system, a script) call Bulwark as you. A token is shown once.">
      <Problem error={error ?? err} />
      {shown && (
        <p className="notice" role="status">
          Your new token (copy it now, it will not be shown again): <code className="token">{shown}</code>
        </p>
      )}
      {!data ? (
        <Loading />
      ) : (
        <>
          <TokenTable items={data.items} onRevoke={async (id) => { await api.del(`/api/tokens/${id}`); reload(); }} />
          <form onSubmit={create} className="narrow">
            <h2>New token</h2>
            <Field label="Name">{(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} required />}</Field>
            <fieldset>
              <legend>What it may do</legend>
              {Object.entries(data.scopes).map(([s, what]) => (
                <label key={s} className="check">
                  <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} /> {s}: {what}
                </label>
              ))}
            </fieldset>
            <button type="submit">Create token</button>
          </form>
        </>
      )}
    </Page>
  );
}

export function TokenTable({ items, onRevoke }: { items: Token[]; onRevoke: (id: string) => Promise<void> }) {
  if (!items.length) return <p>No tokens yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>Your tokens</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.scopes.join(', ')}</td>
              <td>{ukDateTime(t.createdAt)}</td>
              <td>{ukDateTime(t.lastUsedAt) || 'never'}</td>
              <td>{t.revokedAt ? `revoked ${ukDateTime(t.revokedAt)}` : <button type="button" className="secondary" onClick={() => void onRevoke(t.id)}>Revoke {t.name}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
