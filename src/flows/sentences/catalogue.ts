import type { Language } from '../model.js';
import type { SentenceId } from './ids.js';
import type { PluralCategory } from './spoken.js';
import { deDE } from './de-DE.js';
import { enGB } from './en-GB.js';
import { enUS } from './en-US.js';
import { esES } from './es-ES.js';
import { esMX } from './es-MX.js';
import { frCA } from './fr-CA.js';
import { frFR } from './fr-FR.js';
import { ptBR } from './pt-BR.js';

/** One sentence's text in one language: plain, or one form per plural category (`other` always). */
export type SentenceText = string | ({ other: string } & Partial<Record<PluralCategory, string>>);
export type Catalogue = Record<SentenceId, SentenceText>;

/** The built-in texts, one file per language. A flow in another language gives its own under `messages:`. */
export const BUILT_IN: Readonly<Record<Language, Catalogue>> = {
  'en-US': enUS,
  'en-GB': enGB,
  'es-MX': esMX,
  'es-ES': esES,
  'fr-FR': frFR,
  'fr-CA': frCA,
  'de-DE': deDE,
  'pt-BR': ptBR,
};

export const builtInText = (id: SentenceId, language: Language): SentenceText | undefined => BUILT_IN[language]?.[id];
