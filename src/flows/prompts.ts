import type { CallContext, Utterance } from './call-types.js';
import type { Flow, Language, Prompt, Scalar } from './model.js';
import { spokenHours } from './sentences/spoken.js';

/** Variables a text can use: the flow's own plus caller, dialled and language. */
export function variablesOf(ctx: CallContext): Record<string, Scalar | undefined> {
  return { ...ctx.vars, caller: ctx.caller, dialled: ctx.dialled, language: ctx.language };
}

const PLACEHOLDER = /\{([A-Za-z_][\w.-]*)\}/g;

export function fillPlaceholders(text: string, vars: Record<string, Scalar | undefined>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => String(vars[name] ?? ''));
}

/**
 * `{hours.<name>}`: the flow's opening hours `<name>` in words in `language`; `{hours}` when the
 * flow has one set of hours. Rendered from `hours:` itself, so a closed message cannot drift from them.
 */
export function hoursVariables(flow: Pick<Flow, 'hours'>, language: Language): Record<string, string> {
  const named = Object.entries(flow.hours ?? {});
  const out = Object.fromEntries(named.map(([name, h]) => [`hours.${name}`, spokenHours(h, language)]));
  if (named.length === 1) out.hours = spokenHours(named[0][1], language);
  return out;
}

const withHours = (text: string, vars: Record<string, Scalar | undefined>, flow: Pick<Flow, 'hours'>, language: Language) =>
  text.includes('{hours') ? { ...vars, ...hoursVariables(flow, language) } : vars;

/** Turns a prompt into what this caller hears: their language, the flow's voice, variables filled. */
export function resolvePrompt(prompt: Prompt, ctx: CallContext, flow: Pick<Flow, 'languages' | 'voices' | 'hours'>): Utterance[] {
  const vars = variablesOf(ctx);
  return prompt.map((item): Utterance => {
    if ('pause' in item) return { pause: item.pause };
    if ('play' in item) {
      const language = ctx.language in item.play ? ctx.language : Object.keys(item.play)[0];
      const transcript = item.transcript?.[language];
      return {
        play: item.play[language],
        ...(transcript ? { transcript: fillPlaceholders(transcript, withHours(transcript, vars, flow, language)), language } : {}),
      };
    }
    const language = item.fixedLanguage ?? (ctx.language in item.say ? ctx.language : flow.languages[0]);
    const voice = item.voice ?? flow.voices[language];
    const text = item.say[language] ?? Object.values(item.say)[0];
    const filled = withHours(text, vars, flow, language);
    const parts = item.parts?.[language]?.map((p) => (typeof p === 'string' ? fillPlaceholders(p, filled) : p));
    return { say: fillPlaceholders(text, filled), language, ...(voice ? { voice } : {}), ...(parts ? { parts } : {}) };
  });
}
