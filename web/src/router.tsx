import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/** A small history router: the server answers every non-API path with the app (SPA fallback). */
const Ctx = createContext<{ path: string; go: (to: string) => void }>({ path: '/', go: () => undefined });

export function Router({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const pop = () => setPath(location.pathname + location.search);
    addEventListener('popstate', pop);
    return () => removeEventListener('popstate', pop);
  }, []);
  const go = (to: string) => {
    if (to === location.pathname + location.search) return;
    history.pushState(null, '', to);
    setPath(to);
    scrollTo(0, 0);
  };
  return <Ctx.Provider value={{ path, go }}>{children}</Ctx.Provider>;
}

export const useRouter = () => useContext(Ctx);

/** The path without its query, and the query's parameters. */
export function useLocation(): { pathname: string; params: URLSearchParams } {
  const { path } = useRouter();
  const [pathname, query = ''] = path.split('?');
  return { pathname, params: new URLSearchParams(query) };
}

export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { go, path } = useRouter();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go(to);
  };
  const current = path.split('?')[0] === to ? 'page' : undefined;
  return (
    <a href={to} onClick={onClick} aria-current={current} {...rest}>
      {children}
    </a>
  );
}

/** Matches a pattern like /contacts/:id against a path; returns the parameters or null. */
export function match(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = pathname.split('/');
  if (p.length !== a.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) out[p[i].slice(1)] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return null;
  }
  return out;
}
