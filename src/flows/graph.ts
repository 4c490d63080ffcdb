import { assertNever } from '../assert-never.js';
import { HANGUP, type Condition, type Flow, type Step } from './model.js';
import { stepTargets } from './targets.js';

const SHAPES: Record<Step['kind'], [string, string]> = {
  say: ['["', '"]'],
  set: ['["', '"]'],
  menu: ['{{"', '"}}'],
  survey: ['{{"', '"}}'],
  branch: ['{"', '"}'],
  lookup: ['[("', '")]'],
  queue: ['(["', '"])'],
  transfer: ['(["', '"])'],
  voicemail: ['(["', '"])'],
  text: ['[/"', '"/]'],
};

const esc = (s: string) => s.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
const clip = (s: string, n = 48) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function describeCondition(c: Condition): string {
  if ('open' in c) return `open ${c.open}`;
  if ('all' in c) return c.all.map(describeCondition).join(' and ');
  if ('any' in c) return c.any.map(describeCondition).join(' or ');
  if ('not' in c) return `not (${describeCondition(c.not)})`;
  return `${c.var} ${c.op.replace('_', ' ')} ${Array.isArray(c.value) ? c.value.join('/') : c.value}`;
}

function summary(step: Step, language: string): string {
  const firstText = (p: { say?: Record<string, string> }[]) => {
    const say = p.find((i) => i.say)?.say;
    return say ? clip(say[language] ?? Object.values(say)[0]) : '';
  };
  switch (step.kind) {
    case 'say':
    case 'menu':
    case 'survey':
    case 'voicemail':
      return firstText(step.prompt as never);
    case 'set':
      return Object.entries(step.values)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ');
    case 'branch':
      return 'branch';
    case 'lookup':
      return `${step.method} ${clip(step.url, 40)}`;
    case 'queue':
      return `${step.group}${typeof step.priority === 'string' || step.priority ? `, priority ${step.priority}` : ''}`;
    case 'transfer':
      return step.to;
    case 'text':
      return clip(step.body[language] ?? Object.values(step.body)[0], 40);
    default:
      return assertNever(step, 'step');
  }
}

/** A Mermaid flowchart of a flow: one node per step, one arrow per way out, sub-flows boxed. */
export function flowToMermaid(flow: Flow): string {
  const names = Object.keys(flow.steps);
  const id = new Map(names.map((n, i) => [n, `s${i}`]));
  const node = (name: string) => (name === HANGUP ? 'hangup' : id.get(name)!);
  const lines = ['flowchart TD', '  start(("call starts")) --> ' + node(flow.start)];
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const step = flow.steps[name];
    const [open, close] = SHAPES[step.kind];
    const text = summary(step, flow.languages[0]);
    const def = `${node(name)}${open}${esc(name.split('/').at(-1)!)}<br/><small>${esc(step.kind)}${text && text !== step.kind ? ': ' + esc(text) : ''}</small>${close}`;
    const prefix = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    groups.set(prefix, [...(groups.get(prefix) ?? []), def]);
  }
  for (const [prefix, defs] of groups) {
    if (prefix) lines.push(`  subgraph ${prefix.replace(/[^\w]/g, '_')}["${esc(prefix)}"]`, ...defs.map((d) => '    ' + d), '  end');
    else lines.push(...defs.map((d) => '  ' + d));
  }
  lines.push('  hangup(("hang up"))');
  for (const name of names) {
    const step = flow.steps[name];
    const seen = new Map<string, string[]>();
    stepTargets(step).forEach(({ field, target }, i) => {
      let label = field === 'next' ? '' : field;
      if (step.kind === 'branch' && field.startsWith('case')) label = describeCondition(step.cases[i].when);
      if (target.set)
        label += `${label ? ' ' : ''}[${Object.entries(target.set)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}]`;
      seen.set(target.goto, [...(seen.get(target.goto) ?? []), label].filter(Boolean));
    });
    for (const [to, labels] of seen) {
      const label = labels.join(' / ');
      lines.push(`  ${node(name)} -->${label ? `|"${esc(clip(label, 60))}"|` : ''} ${node(to)}`);
    }
  }
  return lines.join('\n') + '\n';
}
