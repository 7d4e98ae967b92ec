/**
 * Rules the server and the widget (widget/src) both apply, in one place: this module imports
 * nothing, so the widget's bundle takes it as it is.
 */

/** A page URL matches a URL prefix; a trailing * says so explicitly (greetings, goals, chat buttons). */
export const pageMatches = (pattern: string, url: string | null): boolean => url !== null && url.startsWith(pattern.replace(/\*$/, ''));

export type SurveyScaleValue = 'THUMBS' | 'SMILEYS' | 'TWO_POINT' | 'FIVE_POINT' | 'TEN_POINT';

/** The scores of each rating scale, lowest and highest (goals-and-reports.graphql). */
export const SURVEY_SCORES: Record<SurveyScaleValue, [low: number, high: number]> = {
  THUMBS: [0, 1],
  SMILEYS: [1, 3],
  TWO_POINT: [1, 2],
  FIVE_POINT: [1, 5],
  TEN_POINT: [1, 10],
};
