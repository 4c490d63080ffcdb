import type { Diagnostic } from '../diagnostics.js';
import type { Origins } from '../link.js';
import type { Flow } from '../model.js';
import type { FlowFile } from '../read-file.js';
import type { Path, SourceFile } from '../source.js';
import { builtInText } from './catalogue.js';
import { SENTENCE_IDS, sentenceInfo, type SentenceReach } from './ids.js';

/** Where a flow can reach sentences of one kind: the first step that says them, or the flow itself. */
function reachSite(
  flow: Flow,
  file: FlowFile,
  origins: Origins,
  reach: SentenceReach,
): { source: SourceFile; path: Path; what: string } | undefined {
  const step = (match: (s: Flow['steps'][string]) => boolean, what: (name: string) => string) => {
    const name = Object.keys(flow.steps).find((n) => match(flow.steps[n]));
    return name === undefined ? undefined : { ...origins[name], what: what(name) };
  };
  switch (reach) {
    case 'queue':
      return step(
        (s) => s.kind === 'queue',
        (n) => `queue step '${n}'`,
      );
    case 'speech-menu':
      return step(
        (s) => s.kind === 'menu' && s.options.some((o) => o.words.length > 0),
        (n) => `spoken menu '${n}'`,
      );
    case 'nps-survey':
      return step(
        (s) => s.kind === 'survey' && s.surveyKind === 'nps' && !s.confirm,
        (n) => `NPS survey '${n}'`,
      );
    case 'text-step':
      return step(
        (s) => s.kind === 'text' && !s.unavailable,
        (n) => `text step '${n}'`,
      );
    case 'always':
      return { source: file.source, path: ['languages'], what: 'every call (the agent’s whisper, the fallback apology)' };
  }
}

/**
 * Every sentence a flow can reach must exist in every language it speaks: built in, or under
 * `messages:`. Otherwise a fr-CA caller would hear English read by the French voice.
 */
export function checkSentences(flow: Flow, file: FlowFile, origins: Origins): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reaches: SentenceReach[] = ['always', 'queue', 'speech-menu', 'nps-survey', 'text-step'];
  for (const reach of reaches) {
    const site = reachSite(flow, file, origins, reach);
    if (!site) continue;
    const ids = SENTENCE_IDS.filter((id) => sentenceInfo(id).reach === reach);
    flow.languages.forEach((language, i) => {
      const missing = ids.filter((id) => !builtInText(id, language) && !flow.messages?.[id]?.[language]);
      if (missing.length === 0) return;
      const path = reach === 'always' ? ['languages', i] : site.path;
      out.push(
        site.source.diagnostic(
          'error',
          path,
          `the flow speaks ${language}, and ${site.what} says ${missing.length === 1 ? 'a sentence' : 'sentences'} Switchboard has no ${language} text for: ${missing.join(', ')}; give ${missing.length === 1 ? 'it' : 'each'} under messages (e.g. messages.${missing[0]}.${language}), see docs/flows.md "What Switchboard says"`,
          reach !== 'always',
        ),
      );
    });
  }
  return out;
}
