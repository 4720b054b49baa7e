import { useState, type FormEvent } from 'react';
import { api, inOffice } from '../api';
import { Field, Problem } from '../components';
import { bytes } from '../format';
import { useOfficeQuery } from '../session';

interface Job {
  id: string;
  status: 'running' | 'done' | 'failed';
  readBytes: number;
  totalBytes: number;
  rows: number;
  summary?: Record<string, unknown>;
  error?: string;
  filename: string;
}

/** CSV batch screening: upload, a real progress bar from the server's job, and the result to download. */
export function Batch() {
  const office = useOfficeQuery();
  const [file, setFile] = useState<File>();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<unknown>();
  async function start(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    try {
      let j = await api.upload<Job>(inOffice(`/api/screen/batch?filename=${encodeURIComponent(file.name)}`, office), file, 'text/csv');
      setJob(j);
      while (j.status === 'running') {
        await new Promise((r) => setTimeout(r, 400));
        j = await api.get<Job>(inOffice(`/api/screen/batch/${j.id}`, office));
        setJob(j);
      }
    } catch (x) {
      setError(x);
    }
  }
  const pct = job ? (job.status === 'done' ? 100 : job.totalBytes ? Math.floor((100 * job.readBytes) / job.totalBytes) : 0) : 0;
  return (
    <section aria-labelledby="batch-h" className="card">
      <h2 id="batch-h">Screen a list of names (CSV)</h2>
      <p>Columns: name, type, dob, country, id; other columns are kept in the result.</p>
      <form onSubmit={start}>
        <Field label="CSV file">{(id) => <input id={id} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} />}</Field>
        {file && <p className="muted">{file.name} ({bytes(file.size)})</p>}
        <button type="submit" disabled={!file || job?.status === 'running'}>Screen the file</button>
      </form>
      <Problem error={error ?? (job?.status === 'failed' ? new Error(job.error ?? 'the batch failed') : undefined)} />
      {job && (
        <div aria-live="polite">
          <label htmlFor="batch-progress">Progress: {pct}% ({job.rows} rows)</label>
          <progress id="batch-progress" max={100} value={pct}>{pct}%</progress>
          {job.status === 'done' && (
            <p>
              Done: {job.rows} rows screened
              {job.summary ? `, ${Object.entries(job.summary).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k.replace(/([A-Z])/g, ' $1').toLowerCase()} ${v}`).join(', ')}` : ''}.{' '}
              <a href={inOffice(`/api/screen/batch/${job.id}/result`, office)} download={`screening-${job.filename}`}>Download the result (CSV)</a>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
