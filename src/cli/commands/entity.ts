import type { Command } from 'commander';
import { identifierInfo, type Entity } from '../../domain/entity.js';
import type { CliContext } from '../context.js';
import { ukDate } from '../output.js';

export function describeEntity(e: Entity, links: { entity: Entity; via: { type: string; value: string }[] }[]): string {
  const lines = [`${e.caption}  [${e.schema}]  ${e.id}`];
  const names = e.names.filter((n) => n.full !== e.caption);
  if (names.length) lines.push(`  names:       ${names.map((n) => `${n.full}${n.strength === 'weak' ? ' (weak)' : ''}${n.kind === 'former' ? ' (former)' : ''}`).join('; ')}`);
  if (e.birthDates.length) lines.push(`  born:        ${e.birthDates.map(ukDate).join(', ')}${e.birthPlaces.length ? ` in ${e.birthPlaces.join('; ')}` : ''}`);
  if (e.countries.length) lines.push(`  countries:   ${e.countries.map((c) => `${c.name} (${c.role})`).join(', ')}`);
  if (e.identifiers.length) lines.push(`  identifiers: ${e.identifiers.map((i) => `${identifierInfo(i.type).label} ${i.value}${i.country ? ` (${i.country})` : ''}`).join('; ')}`);
  if (e.addresses.length) lines.push(`  addresses:   ${e.addresses.map((a) => a.full).join(' | ')}`);
  if (e.programs.length) lines.push(`  programmes:  ${e.programs.join('; ')}`);
  if (e.listedOn) lines.push(`  listed on:   ${ukDate(e.listedOn)}`);
  for (const r of e.remarks) lines.push(`  remark:      ${r.length > 300 ? `${r.slice(0, 300)}…` : r}`);
  for (const l of links) lines.push(`  same target: ${l.entity.id} ${l.entity.caption} (via ${l.via.map((v) => `${v.type} ${v.value}`).join(', ')})`);
  return lines.join('\n');
}

export function registerEntity(program: Command, ctx: CliContext): void {
  program
    .command('entity <id>')
    .description('show one listed entity with its records on other lists')
    .option('--json', 'print JSON, including the verbatim source record')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { entity: e, linked: links } = await (await ctx.services()).lists.entity(id);
      if (opts.json) ctx.out.write(`${JSON.stringify({ ...e, linked: links.map((l) => ({ id: l.entity.id, caption: l.entity.caption, via: l.via })) }, null, 2)}\n`);
      else ctx.out.write(`${describeEntity(e, links)}\n`);
    });
}
