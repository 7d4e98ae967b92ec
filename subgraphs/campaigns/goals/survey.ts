import { badInput } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';
import { SURVEY_SCORES, type SurveyScaleValue } from '../visitor-rules';

/**
 * The customer survey (seed 004, Goals): after a conversation closes, its visitor may rate it once
 * on the survey's scale, with a comment where allowed, and is thanked. The bot's rating request
 * (seed 002, ChatSettings.feedback) asks the same question sooner, on its own scale; both give the
 * conversation its one rating (conversations subgraph, visitor.service.ts). One JSON document on
 * the campaign, written only through `checkSurvey`.
 */
export { SURVEY_SCORES, type SurveyScaleValue } from '../visitor-rules';

export interface SurveyValue {
  enabled: boolean;
  question: string | null;
  scale: SurveyScaleValue;
  commentsAllowed: boolean;
  thankYouText: string | null;
}

export const DEFAULT_SURVEY: SurveyValue = { enabled: false, question: null, scale: 'FIVE_POINT', commentsAllowed: false, thankYouText: null };

export function parseSurvey(stored: string | null): SurveyValue {
  return { ...DEFAULT_SURVEY, ...((stored ? JSON.parse(stored) : {}) as Partial<SurveyValue>) };
}

export interface SurveyInputValue {
  enabled: boolean;
  question?: string | null;
  scale?: SurveyScaleValue | null;
  commentsAllowed?: boolean | null;
  thankYouText?: string | null;
}

/** The survey as given, checked (BAD_USER_INPUT naming the field); parts left out take their defaults. */
export function checkSurvey(input: SurveyInputValue): SurveyValue {
  if (typeof input?.enabled !== 'boolean') throw badInput('enabled', 'enabled must be true or false');
  if (input.scale != null && !(input.scale in SURVEY_SCORES)) throw badInput('scale', 'Unknown scale');
  return {
    enabled: input.enabled,
    question: validate.optionalText('question', input.question, 500, { kind: 'text' }),
    scale: input.scale ?? DEFAULT_SURVEY.scale,
    commentsAllowed: input.commentsAllowed ?? false,
    thankYouText: validate.optionalText('thankYouText', input.thankYouText, 500, { kind: 'text' }),
  };
}
