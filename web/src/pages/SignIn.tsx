import { useState, type FormEvent } from 'react';
import { api, setSession } from '../api';
import { Field, Problem } from '../components';

export function SignIn({ expired, onSignedIn }: { expired: boolean; onSignedIn: () => Promise<void> }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<{ csrfToken: string }>('/api/auth/login', { username, password });
      setSession(r.csrfToken, () => undefined);
      await onSignedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" className="narrow signin">
      <h1>Sign in to Bulwark</h1>
      {expired && (
        <p className="notice" role="status">
          Your session ended. Sign in again to carry on where you were.
        </p>
      )}
      <Problem error={error} />
      <form onSubmit={submit}>
        <Field label="User name">{(id) => <input id={id} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />}</Field>
        <Field label="Password">
          {(id) => <input id={id} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
