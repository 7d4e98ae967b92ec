import { badInput } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';

/**
 * Seed 004's tools, switched on and off per campaign: WebTabs (links shown to operators beside the
 * chat), canned responses, Visitor Info (the click path, source and time on site) and Chat Sneak
 * Preview (operators see the visitor's draft as they type). One JSON document on the campaign,
 * written only through `checkTools`.
 */
export interface CampaignToolsValue {
  webTabs: boolean;
  tabs: { title: string; url: string }[];
  cannedResponses: boolean;
  visitorInfo: boolean;
  sneakPreview: boolean;
}

export const DEFAULT_TOOLS: CampaignToolsValue = { webTabs: false, tabs: [], cannedResponses: true, visitorInfo: true, sneakPreview: false };

export interface CampaignToolsInputValue {
  webTabs?: boolean | null;
  tabs?: { title: string; url: string }[] | null;
  cannedResponses?: boolean | null;
  visitorInfo?: boolean | null;
  sneakPreview?: boolean | null;
}

const MAX_TABS = 10;

export function parseTools(stored: string | null): CampaignToolsValue {
  return { ...DEFAULT_TOOLS, ...((stored ? JSON.parse(stored) : {}) as Partial<CampaignToolsValue>) };
}

/** The tools after an update: each toggle given replaces its value, `tabs` replaces the list. Throws BAD_USER_INPUT naming the field. */
export function checkTools(current: CampaignToolsValue, input: CampaignToolsInputValue): CampaignToolsValue {
  const next = { ...current };
  for (const toggle of ['webTabs', 'cannedResponses', 'visitorInfo', 'sneakPreview'] as const) {
    const value = input[toggle];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') throw badInput(`tools.${toggle}`, `tools.${toggle} must be true or false`);
    next[toggle] = value;
  }
  if (input.tabs !== undefined && input.tabs !== null) {
    if (input.tabs.length > MAX_TABS) throw badInput('tools.tabs', `At most ${MAX_TABS} web tabs`);
    next.tabs = input.tabs.map((tab) => {
      const title = validate.optionalText('tools.tabs.title', tab.title, 50, { kind: 'text' });
      const url = validate.optionalHttpUrl('tools.tabs.url', tab.url, 2000);
      if (!title || !url) throw badInput('tools.tabs', 'Every web tab needs a title and an http(s) URL');
      return { title, url };
    });
  }
  return next;
}
