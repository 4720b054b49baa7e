import { useId, useState, type DragEvent } from 'react';
import { bytes, shown } from '../format';

export interface Picked {
  name: string;
  size: number;
  base64: string;
}

function read(file: File): Promise<Picked> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve({ name: file.name, size: file.size, base64: String(r.result).split(',')[1] ?? '' });
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** Files dropped on the zone or chosen with the button; each shown with its size, removable. */
export function Attachments({ files, onChange }: { files: Picked[]; onChange: (f: Picked[]) => void }) {
  const id = useId();
  const [over, setOver] = useState(false);
  const add = async (list: FileList | null) => {
    if (!list) return;
    onChange([...files, ...(await Promise.all([...list].map(read)))]);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void add(e.dataTransfer.files);
  };
  return (
    <div className="field">
      <label htmlFor={id}>Attachments (screenshots, emails, letters)</label>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drag files here, or choose them:</p>
        <input id={id} type="file" multiple onChange={(e) => void add(e.target.files)} />
      </div>
      {files.length > 0 && (
        <ul className="files" aria-label="Attached files">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {shown(f.name)} <span className="muted">({bytes(f.size)})</span>{' '}
              <button type="button" className="link" onClick={() => onChange(files.filter((_, j) => j !== i))}>
                Remove {shown(f.name)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
