import { describe, expect, it } from 'vitest';
import { caseReportHtml } from '../../src/export/case-report.js';
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
});
