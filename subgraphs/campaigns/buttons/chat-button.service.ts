import { randomUUID } from 'node:crypto';
import type { Identity } from '../../../kernel/auth';
import { badInput, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { CampaignService } from '../campaigns/campaign.service';
import { type ButtonPositionValue, ChatButtonEntity, type ChatButtonKindValue } from './chat-button.entity';

const MAX_PAGES = 50;

export interface ChatButtonFields {
  name?: string | null;
  minimizedText?: string | null;
  color?: string | null;
  position?: ButtonPositionValue | null;
  pages?: string[] | null;
}

/** A campaign's chat buttons (seed 004): created, changed, switched on and off, deleted; MANAGE_COMPANY in the campaign's company. */
export class ChatButtonService {
  constructor(
    private readonly runtime: Runtime,
    private readonly campaigns: CampaignService,
  ) {}

  async create(identity: Identity, campaignId: string, input: ChatButtonFields & { kind: ChatButtonKindValue }): Promise<ChatButtonEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    const button: ChatButtonEntity = {
      id: randomUUID(),
      campaignId: campaign.id,
      kind: input.kind,
      name: '',
      minimizedText: null,
      color: null,
      position: 'BOTTOM_RIGHT',
      pages: '[]',
      enabled: true,
      createdAt: new Date(),
      ...checkFields({ ...input, name: input.name ?? '' }),
    };
    await this.runtime.db.transaction((m) => m.insert(ChatButtonEntity, button));
    return button;
  }

  async update(identity: Identity, id: string, input: ChatButtonFields): Promise<ChatButtonEntity> {
    const button = await this.manageable(identity, id);
    const changes = checkFields(input ?? {});
    if (Object.keys(changes).length) await this.runtime.db.transaction((m) => m.update(ChatButtonEntity, { id: button.id }, changes));
    return { ...button, ...changes };
  }

  async setEnabled(identity: Identity, id: string, enabled: boolean): Promise<ChatButtonEntity> {
    const button = await this.manageable(identity, id);
    await this.runtime.db.transaction((m) => m.update(ChatButtonEntity, { id: button.id }, { enabled }));
    return { ...button, enabled };
  }

  async delete(identity: Identity, id: string): Promise<boolean> {
    const button = await this.manageable(identity, id);
    await this.runtime.db.transaction((m) => m.delete(ChatButtonEntity, { id: button.id }));
    return true;
  }

  /** A button of a campaign the caller manages; to anyone else it does not exist. */
  private async manageable(identity: Identity, rawId: string): Promise<ChatButtonEntity> {
    const button = await this.runtime.db.manager.findOneBy(ChatButtonEntity, { id: validate.id('id', rawId) });
    if (!button) throw notFound('Chat button');
    await this.campaigns.manageableOwnerOf(identity, button.campaignId, 'Chat button');
    return button;
  }
}

/** The fields given, checked; left out (undefined) means unchanged. */
function checkFields(input: ChatButtonFields): Partial<ChatButtonEntity> {
  const set: Partial<ChatButtonEntity> = {};
  if (input.name !== undefined) set.name = validate.requiredText('name', input.name, 100);
  if (input.minimizedText !== undefined) set.minimizedText = validate.optionalText('minimizedText', input.minimizedText, 100);
  if (input.color !== undefined) set.color = validate.optionalColour('color', input.color);
  if (input.position) set.position = input.position;
  if (input.pages !== undefined && input.pages !== null) {
    if (input.pages.length > MAX_PAGES) throw badInput('pages', `At most ${MAX_PAGES} pages`);
    const pages = input.pages.map((page) => validate.optionalHttpUrl('pages', page, 2000));
    if (pages.some((page) => page === null)) throw badInput('pages', 'Every page must be an absolute http or https URL');
    set.pages = JSON.stringify(pages);
  }
  return set;
}

/**
 * The snippet a company puts where a custom button goes: a plain button the widget script binds to
 * by its data attribute, with the campaign's colour. Attribute values are escaped.
 */
export function customButtonCode(button: Pick<ChatButtonEntity, 'id' | 'kind' | 'name' | 'color'>): string | null {
  if (!button.kind.startsWith('CUSTOM')) return null;
  const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const css = `.livechat-button{padding:10px 16px;border:0;border-radius:6px;cursor:pointer;color:#fff;background:${button.color ?? '#1a73e8'}}`;
  return `<style>${css}</style>\n<button type="button" class="livechat-button" data-livechat-button="${button.id}">${escapeHtml(button.name)}</button>`;
}
