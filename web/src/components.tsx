import { useEffect, useId, useState, type ReactNode } from 'react';
import { ApiError } from './api';

export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: (id: string, describedBy?: string) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const described = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={hintId}>{hint}</p>}
      {error && <p className="error-text" id={errId}>{error}</p>}
      {children(id, described)}
    </div>
  );
}

export function Level({ level }: { level: string }) {
  return <span className={`level level-${level}`}>{level}</span>;
}

export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const msg = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  return (
    <div className="problem" role="alert">
      <strong>There is a problem.</strong> {msg}
    </div>
  );
}

export function Loading() {
  return <p aria-live="polite">Loading…</p>;
}

/** Loads data from the API once (and again when a key changes); errors are shown, not thrown. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): { data: T | undefined; error: unknown; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setError(undefined);
    load().then(
      (d) => live && setData(d),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n]);
  return { data, error, reload: () => setN((x) => x + 1) };
}

export function Page({ title, children, lead }: { title: string; lead?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Bulwark`;
  }, [title]);
  return (
    <>
      <h1 tabIndex={-1} id="page-title">{title}</h1>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </>
  );
}

/** A reason with the source it cites, linked to the guidance section behind a red flag when there is one. */
export function Cited({ text, source, guidance }: { text: string; source?: string; guidance?: string }) {
  return (
    <>
      {text}
      {source && <span className="source"> ({source})</span>}
      {guidance && (
        <>
          {' '}
          <a href={`/guidance#${guidance}`}>Why this matters</a>
        </>
      )}
    </>
  );
}
