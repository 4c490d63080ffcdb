import type { CallContext, Utterance } from './call-types.js';
import type { Flow, Prompt, Scalar } from './model.js';

/** Variables a text can use: the flow's own plus caller, dialled and language. */
export function variablesOf(ctx: CallContext): Record<string, Scalar | undefined> {
  return { ...ctx.vars, caller: ctx.caller, dialled: ctx.dialled, language: ctx.language };
}

export function fillPlaceholders(text: string, vars: Record<string, Scalar | undefined>): string {
  return text.replace(/\{([A-Za-z_][\w-]*)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** Turns a prompt into what this caller hears: their language, the flow's voice, variables filled. */
export function resolvePrompt(prompt: Prompt, ctx: CallContext, flow: Pick<Flow, 'languages' | 'voices'>): Utterance[] {
  const vars = variablesOf(ctx);
  return prompt.map((item): Utterance => {
    if ('pause' in item) return { pause: item.pause };
    if ('play' in item) return { play: item.play[ctx.language] ?? Object.values(item.play)[0] };
    const language = item.fixedLanguage ?? (ctx.language in item.say ? ctx.language : flow.languages[0]);
    const voice = item.voice ?? flow.voices[language];
    return { say: fillPlaceholders(item.say[language] ?? Object.values(item.say)[0], vars), language, ...(voice ? { voice } : {}) };
  });
}
