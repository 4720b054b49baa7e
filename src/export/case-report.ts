import { escapeHtml as esc } from '../domain/text.js';
import { tlpInfo } from '../domain/tlp.js';
import type { CaseView } from '../services/cases.js';
import type { ClusterView } from '../services/resolution.js';

const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;

/** Screen and print: the TLP label repeats on every printed page; links and buttons give way to text. */
const STYLE = `body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.45;color:#111}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.2rem .4rem;border-bottom:1px solid #ddd}
.tlp{display:inline-block;font-weight:700;padding:.1rem .5rem;background:#000;color:#fff}.tlp-red{color:#ff2b2b}.tlp-amber,.tlp-amber\\+strict{color:#ffc000}.tlp-green{color:#33ff00}.tlp-clear{color:#fff}
.marking{position:fixed;top:0;right:0}
@media print{body{margin:0;max-width:none;font-size:10.5pt}.marking{position:fixed;top:0;right:0}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}@page{margin:18mm 15mm}}`;

/** The printable case report: summary, linked records, the cluster's evidence, notes and the audited timeline. */
export function caseReportHtml(c: CaseView, clusters: ClusterView[] = []): string {
  const t = tlpInfo(c.tlp);
  const tlp = `<span class="tlp tlp-${esc(t.level)}">${esc(t.label)}</span>`;
  const rows = (cells: unknown[][]) => cells.map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`).join('\n');
  const cluster = clusters.map((cl) => `<h3>Cluster ${esc(cl.id.slice(0, 8))}: ${cl.members.length} records in ${cl.offices} office(s)${cl.confirmed ? ', confirmed' : ''}</h3>
<table><tr><th>Record</th><th>Office</th><th>Name</th><th>Listed</th></tr>${rows(cl.members.map((m) => [m.ref, m.officeId, m.name, m.listed.map((l) => l.caption).join('; ')]))}</table>
<table><tr><th>Between</th><th>Score</th><th>Evidence</th></tr>${rows(cl.links.map((l) => [`${l.a} – ${l.b}`, l.score.toFixed(2), l.evidence.map((e) => e.detail).join('; ')]))}</table>`).join('\n');
  const body = `<div class="marking">${tlp}</div>
<h1>${esc(c.title)}</h1>
<p>${tlp} ${esc(t.meaning)}</p>
<table>
<tr><th>Status</th><td>${esc(c.status)}</td><th>Priority</th><td>${esc(c.priority)}</td></tr>
<tr><th>Assignee</th><td>${esc(c.assignee ?? 'unassigned')}</td><th>Open for</th><td>${c.daysOpen} day(s)</td></tr>
<tr><th>Opened</th><td>${esc(ukDate(c.openedAt))} by ${esc(c.openedBy)}</td><th>Closed</th><td>${c.closedAt ? esc(ukDate(c.closedAt)) : '—'}</td></tr>
${c.fromAlert ? `<tr><th>From alert</th><td colspan="3">${esc(c.fromAlert)}</td></tr>` : ''}
</table>
${c.outcome ? `<h2>Outcome</h2><p>${esc(c.outcome)}</p>` : ''}
<h2>Linked records</h2>
<table><tr><th>Kind</th><th>Reference</th><th>Label</th></tr>${rows(c.links.map((l) => [l.kind, l.ref, l.label ?? '']))}</table>
${cluster ? `<h2>Who is behind it</h2>${cluster}` : ''}
<h2>Notes</h2>
${c.notes.map((n) => `<p><strong>${esc(ukDate(n.at))}, ${esc(n.by)}:</strong> ${esc(n.text)}</p>`).join('\n') || '<p>None.</p>'}
<h2>Timeline (from the audit trail)</h2>
<table><tr><th>When</th><th>Who</th><th>What</th></tr>${rows(c.timeline.map((e) => [ukDate(e.at), e.actor, e.action]))}</table>`;
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(t.label)} ${esc(c.title)}</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}
