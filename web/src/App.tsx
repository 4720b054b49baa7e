import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setSession, type User } from './api';
import { Link, Router, match, useLocation, useRouter } from './router';
import { SessionCtx, isSecurity, type Session } from './session';
import { Admin } from './pages/Admin';
import { ContactPage, Contacts } from './pages/Contacts';
import { Dashboard } from './pages/Dashboard';
import { DrillPage, Drills } from './pages/Drills';
import { GuidancePage } from './pages/Guidance';
import { Money } from './pages/Money';
import { Password, Reminders, Tokens } from './pages/Account';
import { Report } from './pages/Report';
import { Screening } from './pages/Screening';
import { Security } from './pages/Security';
import { SignIn } from './pages/SignIn';
import { Trips } from './pages/Trips';

const ROUTES: { path: string; render: (p: Record<string, string>) => ReactNode; roles?: User['role'][] }[] = [
  { path: '/', render: () => <Dashboard /> },
  { path: '/report', render: () => <Report /> },
  { path: '/contacts', render: () => <Contacts /> },
  { path: '/contacts/:id', render: (p) => <ContactPage id={p.id} /> },
  { path: '/screening', render: () => <Screening /> },
  { path: '/money', render: () => <Money /> },
  { path: '/trips', render: () => <Trips /> },
  { path: '/security', render: () => <Security />, roles: ['security_officer', 'admin'] },
  { path: '/admin', render: () => <Admin />, roles: ['admin'] },
  { path: '/guidance', render: () => <GuidancePage /> },
  { path: '/drills', render: () => <Drills /> },
  { path: '/drills/:id', render: (p) => <DrillPage id={p.id} /> },
  { path: '/account/password', render: () => <Password /> },
  { path: '/account/tokens', render: () => <Tokens /> },
  { path: '/account/reminders', render: () => <Reminders /> },
];

function Nav({ user }: { user: User }) {
  const items: [string, string][] = [
    ['/', 'Dashboard'],
    ['/report', 'Report an approach'],
    ['/contacts', 'Contacts'],
    ['/screening', 'Screening'],
    ['/money', 'Money'],
    ['/trips', 'Travel'],
    ['/guidance', 'Guidance'],
    ['/drills', 'Drills'],
  ];
  if (isSecurity(user)) items.push(['/security', 'Security']);
  if (user.role === 'admin') items.push(['/admin', 'Admin']);
  return (
    <nav aria-label="Main">
      <ul>
        {items.map(([to, text]) => (
          <li key={to}>
            <Link to={to}>{text}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Shell({ session, children }: { session: Session; children: ReactNode }) {
  const { user } = session;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Bulwark
        </Link>
        <div className="who">
          <span>
            {user.displayName || user.username} · {user.role.replace('_', ' ')}
          </span>
          {user.offices.length > 1 && (
            <label>
              Office{' '}
              <select value={session.office} onChange={(e) => session.setOffice(e.target.value)}>
                {user.offices.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </label>
          )}
          <Link to="/account/reminders">Reminders</Link>
          <Link to="/account/password">Password</Link>
          <button type="button" className="link" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <Nav user={user} />
      <main id="main">{children}</main>
    </>
  );
}

function Routed({ session }: { session: Session }) {
  const { pathname } = useLocation();
  useEffect(() => {
    // Move focus to the new page's heading so keyboard and screen-reader users land on it.
    document.getElementById('page-title')?.focus();
  }, [pathname]);
  if (session.user.mustChangePassword) return <Password forced />;
  for (const r of ROUTES) {
    const p = match(r.path, pathname);
    if (!p) continue;
    if (r.roles && !r.roles.includes(session.user.role)) break;
    return <div>{r.render(p)}</div>;
  }
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Page not found
      </h1>
      <p>
        There is nothing here, or it is not yours to see. <Link to="/">Go to the dashboard</Link>.
      </p>
    </>
  );
}

function Root() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [office, setOffice] = useState('');
  const [expired, setExpired] = useState(false);
  const { go } = useRouter();

  const refresh = useCallback(async () => {
    try {
      const me = await api.get<{ user: User; csrfToken?: string }>('/api/auth/me');
      setSession(me.csrfToken ?? '', () => {
        setExpired(true);
        setUser(null);
      });
      setUser(me.user);
      setOffice((o) => (o && me.user.offices.includes(o) ? o : me.user.officeId));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setUser(null);
      else throw e;
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (user === undefined) return <p className="boot">Loading Bulwark…</p>;
  if (user === null)
    return (
      <SignIn
        expired={expired}
        onSignedIn={async () => {
          setExpired(false);
          await refresh();
        }}
      />
    );
  const session: Session = {
    user,
    office,
    setOffice,
    refresh,
    signOut: async () => {
      await api.post('/api/auth/logout').catch(() => undefined);
      // Drafts kept for an expired session go with a deliberate sign-out.
      sessionStorage.clear();
      setUser(null);
      go('/');
    },
  };
  return (
    <SessionCtx.Provider value={session}>
      <Shell session={session}>
        <Routed session={session} />
      </Shell>
    </SessionCtx.Provider>
  );
}

export function App() {
  return (
    <Router>
      <Root />
    </Router>
  );
}
