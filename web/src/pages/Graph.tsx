import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { Correlation } from './Security';

/** A network of offices, contacts and the details they share, drawn with cytoscape on a canvas. */
export function Graph({ items }: { items: Correlation[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const nodes = new Map<string, { id: string; label: string; kind: string }>();
    const edges: { source: string; target: string }[] = [];
    for (const c of items) {
      for (const x of c.contacts) {
        const contact = `c:${x.officeId}:${x.contactId}`;
        nodes.set(`o:${x.officeId}`, { id: `o:${x.officeId}`, label: x.officeId, kind: 'office' });
        nodes.set(contact, { id: contact, label: x.name, kind: 'contact' });
        edges.push({ source: `o:${x.officeId}`, target: contact });
        for (const k of c.keys) {
          nodes.set(`k:${k}`, { id: `k:${k}`, label: k.split(':').slice(1).join(':').split('|')[0], kind: 'key' });
          edges.push({ source: contact, target: `k:${k}` });
        }
      }
    }
    const cy = cytoscape({
      container: box.current,
      elements: [...[...nodes.values()].map((n) => ({ data: n })), ...edges.map((e, i) => ({ data: { id: `e${i}`, ...e } }))],
      layout: { name: 'cose', animate: false },
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 12, color: '#0b0c0c', 'text-valign': 'bottom', 'text-margin-y': 4 } },
        { selector: 'node[kind = "office"]', style: { 'background-color': '#1d70b8', shape: 'round-rectangle' } },
        { selector: 'node[kind = "contact"]', style: { 'background-color': '#d4351c' } },
        { selector: 'node[kind = "key"]', style: { 'background-color': '#505a5f', shape: 'diamond', width: 14, height: 14, 'text-valign': 'top', 'text-margin-y': -4 } },
        { selector: 'edge', style: { width: 1.5, 'line-color': '#6f777b' } },
      ],
    });
    return () => cy.destroy();
  }, [items]);
  return (
    <>
      {/* cytoscape injects an inline <style> unless an element with this id exists; the CSP forbids inline styles, and styles.css holds its rule. */}
      <span id="__________cytoscape_stylesheet" hidden />
      <div ref={box} className="graph" role="img" aria-label="Network graph of offices, contacts and shared details" aria-describedby="graph-desc" />
    </>
  );
}
