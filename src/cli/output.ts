import { escapeUnsafe } from '../domain/text.js';

/** Terminal output: a progress bar on a TTY, plain lines otherwise (logs, pipes, CI). */
export interface Progress {
  tick(done: number, total: number, label?: string): void;
  done(message?: string): void;
}

export function progress(stream: NodeJS.WriteStream = process.stderr, title = ''): Progress {
  const tty = Boolean(stream.isTTY);
  let lastPct = -1;
  return {
    tick(done, total, label) {
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (tty) {
        const width = 30;
        const fill = Math.round((pct / 100) * width);
        stream.write(`\r${title} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${pct}% ${done}/${total} ${label ?? ''}`.slice(0, (stream.columns ?? 100) - 1));
      } else if (pct >= lastPct + 25 || done === total) {
        stream.write(`${title} ${done}/${total} (${pct}%)${label ? ` ${label}` : ''}\n`);
      }
      lastPct = pct;
    },
    done(message) {
      if (tty) stream.write('\r\x1b[K');
      if (message) stream.write(`${message}\n`);
    },
  };
}

/** UK date format for people (DD/MM/YYYY), keeping partial dates partial. */
export function ukDate(iso: string | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return [d, m, y].filter(Boolean).join('/');
}

export function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Text from records made safe for a terminal: control and bidi characters shown as escapes. */
export const safeText = (s: string): string => escapeUnsafe(s);
