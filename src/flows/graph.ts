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

/**
 * What callers did in a flow over some range (the flow report's steps, migration 017), drawn on its
 * diagram: each arrow's count, and a colour on the steps where callers gave up or failed.
 */
export interface FlowTraffic {
  /** Per step: calls that entered it, hung up there, and failed there (no input, invalid), and where they went next. */
  steps: Record<string, { entered: number; hungUp: number; failed: number; exits: Record<string, number> }>;
  /** Calls that started on the flow (the arrow into its start step). */
  started: number;
}

/** The class a step's node gets: callers hung up there (gave up), else failed its input, else none. */
export function stepTrouble(t: FlowTraffic['steps'][string] | undefined): 'gave-up' | 'failed' | undefined {
  if (!t) return undefined;
  return t.hungUp > 0 ? 'gave-up' : t.failed > 0 ? 'failed' : undefined;
}

const TROUBLE_STYLES = [
  '  classDef gaveup fill:#fde8e7,stroke:#c62828,stroke-width:3px',
  '  classDef failed fill:#fff3e0,stroke:#e65100,stroke-width:3px',
];

/**
 * A Mermaid flowchart of a flow: one node per step, one arrow per way out, sub-flows boxed. With
 * `traffic`, every arrow carries how many calls took it, each step how many entered it and what
 * went wrong there, and ways out the model does not draw (none, normally) are dotted.
 */
export function flowToMermaid(flow: Flow, traffic?: FlowTraffic): string {
  const names = Object.keys(flow.steps);
  const id = new Map(names.map((n, i) => [n, `s${i}`]));
  const node = (name: string) => (name === HANGUP ? 'hangup' : id.get(name)!);
  const lines = ['flowchart TD', '  start(("call starts")) --> ' + node(flow.start)];
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const step = flow.steps[name];
    const [open, close] = SHAPES[step.kind];
    const text = summary(step, flow.languages[0]);
    const t = traffic?.steps[name];
    const counts = traffic
      ? `<br/><b>${t?.entered ?? 0} in</b>${t?.hungUp ? `, ${t.hungUp} hung up` : ''}${t?.failed ? `, ${t.failed} failed input` : ''}`
      : '';
    const def = `${node(name)}${open}${esc(name.split('/').at(-1)!)}<br/><small>${esc(step.kind)}${text && text !== step.kind ? ': ' + esc(text) : ''}</small>${counts}${close}`;
    const prefix = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
    groups.set(prefix, [...(groups.get(prefix) ?? []), def]);
  }
  for (const [prefix, defs] of groups) {
    if (prefix) lines.push(`  subgraph ${prefix.replace(/[^\w]/g, '_')}["${esc(prefix)}"]`, ...defs.map((d) => '    ' + d), '  end');
    else lines.push(...defs.map((d) => '  ' + d));
  }
  lines.push('  hangup(("hang up"))');
  if (traffic) {
    lines[1] = `  start(("call starts")) -->|"${traffic.started}"| ${node(flow.start)}`;
  }
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
    const exits = traffic?.steps[name]?.exits ?? {};
    for (const [to, labels] of seen) {
      const label = [clip(labels.join(' / '), 60), ...(traffic ? [String(exits[to] ?? 0)] : [])].filter(Boolean).join(' · ');
      lines.push(`  ${node(name)} -->${label ? `|"${esc(label)}"|` : ''} ${node(to)}`);
    }
    for (const [to, n] of Object.entries(exits))
      if (!seen.has(to) && (to === HANGUP || id.has(to))) lines.push(`  ${node(name)} -.->|"${n}"| ${node(to)}`);
  }
  if (traffic) {
    lines.push(...TROUBLE_STYLES);
    for (const name of names) {
      const trouble = stepTrouble(traffic.steps[name]);
      if (trouble) lines.push(`  class ${node(name)} ${trouble === 'gave-up' ? 'gaveup' : 'failed'}`);
    }
  }
  return lines.join('\n') + '\n';
}
