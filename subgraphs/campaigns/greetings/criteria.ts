import { badInput } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';
import { pageMatches } from '../visitor-rules';
import type { CriterionValue } from './greeting.entity';

/**
 * Criteria on the visitor's visit (seed 004), the one rule greetings' moments and sales goals
 * share: page criteria compare the page URL with a URL prefix (a trailing * says so); time criteria
 * hold once at least `minutes` have passed.
 */
export interface Visit {
  url: string;
  previousUrl: string | null;
  onPageSince: Date;
  onSiteSince: Date;
  now: Date;
}

export const MAX_CRITERIA = 10;
const MINUTE = 60_000;

/** True when every criterion holds for the visit. */
export function criteriaHold(criteria: CriterionValue[], visit: Visit): boolean {
  return criteria.every((criterion) => {
    switch (criterion.kind) {
      case 'CURRENT_PAGE':
        return pageMatches(criterion.url ?? '', visit.url);
      case 'PREVIOUS_PAGE':
        return pageMatches(criterion.url ?? '', visit.previousUrl);
      case 'TIME_ON_PAGE':
        return visit.now.getTime() - visit.onPageSince.getTime() >= (criterion.minutes ?? 0) * MINUTE;
      default: // TIME_ON_SITE
        return visit.now.getTime() - visit.onSiteSince.getTime() >= (criterion.minutes ?? 0) * MINUTE;
    }
  });
}

export interface CriterionInputValue {
  kind: CriterionValue['kind'];
  url?: string | null;
  minutes?: number | null;
}

/** Checked criteria (BAD_USER_INPUT naming `field`): 1 to 10; page ones with an http(s) URL, time ones with 0 to 1,440 minutes. */
export function checkCriteria(field: string, criteria: CriterionInputValue[]): CriterionValue[] {
  if (!Array.isArray(criteria) || criteria.length === 0) throw badInput(field, 'At least one criterion is needed');
  if (criteria.length > MAX_CRITERIA) throw badInput(field, `At most ${MAX_CRITERIA} criteria`);
  return criteria.map((criterion, j): CriterionValue => {
    const at = `${field}[${j}]`;
    if (criterion.kind === 'CURRENT_PAGE' || criterion.kind === 'PREVIOUS_PAGE') {
      const url = validate.optionalHttpUrl(`${at}.url`, criterion.url, 2000);
      if (!url) throw badInput(`${at}.url`, 'A page criterion needs the page URL');
      return { kind: criterion.kind, url, minutes: null };
    }
    return { kind: criterion.kind, url: null, minutes: validate.intBetween(`${at}.minutes`, criterion.minutes ?? Number.NaN, 0, 1440) };
  });
}
