import { describe, expect, it } from 'vitest';
import { caseReportHtml } from '../../src/export/case-report.js';
import { briefingHtml } from '../../src/risk/travel.js';
import type { CaseView } from '../../src/services/cases.js';

const view: CaseView = {
  id: 'c1', officeId: 'office-a', title: 'Recruiter <b>"bold"</b>', status: 'open', priority: 'high', tlp: 'red', links: [{ kind: 'contact', ref: 'contact:office-a:1' }],
  notes: [{ id: 'n1', at: '2026-11-20T10:00:00.000Z', by: 'officer', text: '<script>alert(1)</script> & more' }], openedAt: '2026-11-18T09:00:00.000Z', openedBy: 'officer',
  daysOpen: 2, timeline: [{ at: '2026-11-18T09:00:00.000Z', actor: 'officer', action: 'case.open', detail: {} }],
};

describe('printable case report', () => {
  it('escapes every text, carries the TLP label and a print stylesheet', () => {
    const html = caseReportHtml(view);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; more');
    expect(html).toContain('Recruiter &#60;b&#62;&#34;bold&#34;&#60;/b&#62;');
    expect(html).toMatch(/<span class="tlp tlp-red">TLP:RED<\/span>/);
    expect(html).toMatch(/@media print\{/);
    expect(html).toContain('2 day(s)');
    expect(html).toContain('18/11/2026 09:00');
  });

  it('shows control and bidi characters as visible escapes, never acting on the page (case report and travel briefing)', () => {
    // Entered at the command line, which stores such text as given and escapes it wherever it is shown.
    const html = caseReportHtml({ ...view, title: 'Jane \u202eeoD\u202c \u001b[31mred', notes: [{ ...view.notes[0], text: 'see \u2066attached\u2069' }] });
    expect(html).toContain('Jane \\u202eeoD\\u202c \\u001b[31mred');
    expect(html).toContain('see \\u2066attached\\u2069');
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u001b]/);
    const brief = briefingHtml({ id: 't1', destination: 'IR', city: 'Teh\u202enar', depart: '2026-09-01', return: '2026-09-05', funder: { name: 'Self <b>', type: 'self' }, purpose: 'talks\u001b[2J', devices: [], travellers: ['The member'] });
    expect(brief).toContain('Teh\\u202enar');
    expect(brief).toContain('talks\\u001b[2J');
    expect(brief).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u001b]/);
  });
});
