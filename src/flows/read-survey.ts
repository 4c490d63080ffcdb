import type { Step } from './model.js';
import { readPrompt } from './read-prompt.js';
import type { StepReader } from './read-steps.js';
import { describe } from './reader.js';
import type { Path } from './source.js';
import { NPS_TOP, SURVEY_KINDS, type SurveyKind } from './survey-kinds.js';

/** A survey of one kind: CSAT keeps today's fields; NPS is 0–10 ended by # or a short time-out; resolved is yes/no. */
export function readSurvey(s: StepReader): Step | undefined {
  const prompt = s.prompt('survey');
  let surveyKind: SurveyKind | undefined = 'csat';
  if (s.o.kind !== undefined) {
    surveyKind = SURVEY_KINDS.find((k) => k === s.o.kind);
    if (!surveyKind)
      s.r.error(s.at('kind'), `kind must be one of ${SURVEY_KINDS.join(', ')} (the survey's question), found ${describe(s.o.kind)}`);
  }
  let scale: number | undefined = surveyKind === 'nps' ? NPS_TOP : surveyKind === 'resolved' ? 1 : 5;
  if (s.o.scale !== undefined) {
    if (surveyKind === 'csat') scale = s.r.int(s.o.scale, s.at('scale'), 'scale', 2, 9);
    else if (surveyKind)
      s.r.error(
        s.at('scale'),
        surveyKind === 'nps' ? `an nps survey is always 0 to 10: remove scale` : `a resolved survey is yes (1) or no (2): remove scale`,
      );
  }
  // NPS has no fixed number of keys (10 is two): the caller ends with # or a pause, so the pause is short.
  const timeout = s.seconds('timeout', surveyKind === 'nps' ? 3 : 5);
  // `{score}` in the confirmation is the answer, not a flow variable.
  const confirmCtx = {
    languages: s.ctx.languages,
    useVariable: (v: string, p: Path) => (v === 'score' ? undefined : s.ctx.useVariable(v, p)),
  };
  const confirm = s.o.confirm === undefined ? undefined : readPrompt(s.r, s.o.confirm, s.at('confirm'), confirmCtx);
  const then = s.target('then', 'where the call goes after the answer');
  const noInput = s.retry('no_input', true);
  const invalid = s.retry('invalid', false) ?? (noInput && { ...noInput, say: [] });
  return prompt &&
    surveyKind &&
    scale !== undefined &&
    timeout !== undefined &&
    (s.o.confirm === undefined || confirm) &&
    then &&
    noInput &&
    invalid
    ? { kind: 'survey', surveyKind, prompt, scale, timeout, ...(confirm ? { confirm } : {}), then, noInput, invalid }
    : undefined;
}
