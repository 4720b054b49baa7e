import { useEffect } from 'react';
import { Loading, Page, Problem, useLoad } from '../components';
import { loadGuidance } from '../guidance-index';
import { Link } from '../router';

export function GuidancePage() {
  const { data, error } = useLoad(loadGuidance);
  useEffect(() => {
    // Arriving from a red flag's "why this matters" link: bring its section into view.
    if (data && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [data]);
  return (
    <Page title="Guidance" lead="What the security service's guidance says, in plain words. Each point cites the fact it comes from.">
      <Problem error={error} />
      {!data ? <Loading /> : (
        <>
          <nav aria-label="Guidance sections" className="toc">
            <ul>{data.sections.map((s) => <li key={s.id}><a href={`#${s.id}`}>{s.title}</a></li>)}</ul>
          </nav>
          {data.sections.map((s) => (
            <section key={s.id} id={s.id} aria-labelledby={`${s.id}-h`} className="guidance">
              <h2 id={`${s.id}-h`}>{s.title}</h2>
              <p className="lead">{s.summary}</p>
              <ul>
                {s.points.map((p, i) => <li key={i}>{p.text} <span className="source">({p.facts.join(', ')})</span></li>)}
              </ul>
              <p className="source">Source: Bulwark's domain facts {s.section}; references {s.refs.join(', ')}.</p>
            </section>
          ))}
          <p className="muted">Guidance version {data.version}. {data.source}</p>
          <p><Link to="/drills">Practise with the scenario drills</Link></p>
        </>
      )}
    </Page>
  );
}
