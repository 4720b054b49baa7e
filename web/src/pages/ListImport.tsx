import { useState, type FormEvent } from 'react';
import { csrf, fromJson } from '../api';
import { Field, Problem } from '../components';
import { bytes, shown } from '../format';

/** Imports a list file with a progress bar of the upload (XMLHttpRequest reports upload progress; fetch does not). */
export function ListImport({ names, onDone }: { names: string[]; onDone: () => void }) {
  const [name, setName] = useState(names[0] ?? '');
  const [file, setFile] = useState<File>();
  const [pct, setPct] = useState<number>();
  const [msg, setMsg] = useState<string>();
  const [error, setError] = useState<unknown>();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setMsg(undefined);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/lists/${encodeURIComponent(name)}/import`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-csrf-token', csrf());
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setPct(Math.round((100 * ev.loaded) / ev.total));
    xhr.onload = () => {
      setPct(100);
      const body = fromJson(xhr.responseText || '{}') as { error?: { message?: string }; recordCount?: number; delta?: { added?: number; removed?: number; changed?: number } };
      if (xhr.status >= 400) setError(new Error(body.error?.message ?? `the server answered ${xhr.status}`));
      else {
        setMsg(`Imported ${name}: ${body.recordCount ?? '?'} records (added ${body.delta?.added ?? 0}, removed ${body.delta?.removed ?? 0}, changed ${body.delta?.changed ?? 0}).`);
        onDone();
      }
    };
    xhr.onerror = () => setError(new Error('the upload failed'));
    xhr.send(file);
  }
  return (
    <form onSubmit={submit} className="narrow">
      <h3>Import a new version</h3>
      <Problem error={error} />
      <Field label="List">{(id) => <select id={id} value={name} onChange={(e) => setName(e.target.value)}>{names.map((n) => <option key={n} value={n}>{n}</option>)}</select>}</Field>
      <Field label="File">{(id) => <input id={id} type="file" onChange={(e) => setFile(e.target.files?.[0])} />}</Field>
      {file && <p className="muted">{shown(file.name)} ({bytes(file.size)})</p>}
      <button type="submit" disabled={!file}>Import</button>
      {pct !== undefined && (
        <p>
          <label htmlFor="import-progress">Upload {pct}%</label> <progress id="import-progress" max={100} value={pct}>{pct}%</progress>
        </p>
      )}
      {msg && <p className="notice" role="status">{msg}</p>}
    </form>
  );
}
