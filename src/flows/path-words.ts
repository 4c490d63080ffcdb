import type { Flow, Language } from './model.js';

/**
 * A call's menu path (`choose-language:2`, `main-menu:1`, as the call context keeps it) in words,
 * for the agent's screen pop: the option's title ("Español", "Billing"), else the menu's title
 * with the key ("Main menu 1"), else the entry as it is. Titles are in `language` when the flow
 * gives one in it, else in the flow's first language.
 */
export function pathInWords(flow: Pick<Flow, 'steps' | 'languages'>, path: readonly string[], language: Language): string[] {
  const pick = (title: Record<Language, string> | undefined) => title?.[language] ?? title?.[flow.languages[0]] ?? firstOf(title);
  return path.map((entry) => {
    const at = entry.lastIndexOf(':');
    if (at < 0) return entry;
    const [name, key] = [entry.slice(0, at), entry.slice(at + 1)];
    const step = flow.steps[name];
    if (!step) return entry;
    const option = step.kind === 'menu' ? step.options.find((o) => o.key === key) : undefined;
    const optionTitle = pick(option?.title);
    if (optionTitle) return optionTitle;
    const stepTitle = pick(step.title);
    return stepTitle ? `${stepTitle} ${key}` : entry;
  });
}

const firstOf = (title: Record<Language, string> | undefined) => (title ? Object.values(title)[0] : undefined);

/** What the screen pop calls a variable: the flow's label, else its name in words ("account_status" → "Account status"). */
export function variableLabel(flow: Pick<Flow, 'labels'> | undefined, name: string): string {
  const label = flow?.labels?.[name];
  if (label) return label;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}
