import type { Identity } from '../../../kernel/auth';
import { notFound } from '../../../kernel/errors';
import { channels } from '../../../kernel/pubsub';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { sneakPreviewOn } from '../../campaigns/reads';
import { publishEvent } from '../../events';
import { canSee } from '../conversations/conversation.access';
import { ConversationEntity } from '../conversations/conversation.entity';

/** A typist's "still typing" goes out at most this often; "stopped" always goes out. */
export const TYPING_THROTTLE_MS = 2000;
/** With Chat Sneak Preview, the visitor's draft goes out at most this often. */
export const DRAFT_THROTTLE_MS = 500;

export class TypingService {
  /** When each typist (conversation + author) last announced typing, in this process. */
  private readonly lastAnnounced = new Map<string, number>();
  /** A draft that came too soon after the last one: it goes out when the throttle allows, unless a newer one replaces it. */
  private readonly pendingDrafts = new Map<string, { timer: NodeJS.Timeout; draft: string }>();

  constructor(private readonly runtime: Runtime) {}

  /** Returns whether the event went out (false when throttled). */
  async setTyping(identity: Identity, rawConversationId: string, typing: boolean, rawDraft: string | null = null): Promise<boolean> {
    const conversationId = validate.id('conversationId', rawConversationId);
    const conversation = await this.runtime.db.manager.findOne(ConversationEntity, {
      select: { id: true, companyId: true, clientId: true, campaignId: true },
      where: { id: conversationId },
    });
    if (!conversation || identity.kind === 'anonymous' || !canSee(identity, conversation)) throw notFound('Conversation');
    const author = identity.kind === 'visitor' ? { authorKind: 'CLIENT' as const, operatorId: null } : { authorKind: 'OPERATOR' as const, operatorId: identity.userId };
    // Only a visitor's draft is previewed, and only while typing in a campaign with the tool on.
    const previewed = typing && identity.kind === 'visitor' && rawDraft !== null;
    const draft = previewed && (await sneakPreviewOn(this.runtime.db, conversation.campaignId)) ? rawDraft.slice(0, this.runtime.config.maxMessageLength) : null;
    const key = `${conversationId}:${author.operatorId ?? 'client'}`;
    const now = Date.now();
    const pending = this.pendingDrafts.get(key);
    if (pending) clearTimeout(pending.timer);
    this.pendingDrafts.delete(key);
    // "Someone is typing", both ways: published on the conversation's channel, never stored.
    const announce = (at: number, text: string | null) =>
      publishEvent(this.runtime.pubsub, channels.conversation(conversationId), {
        type: 'typing.changed',
        conversationId,
        ...author,
        typing,
        at: new Date(at).toISOString(),
        draft: text,
      });
    if (typing) {
      const since = now - (this.lastAnnounced.get(key) ?? 0);
      if (since < (draft === null ? TYPING_THROTTLE_MS : DRAFT_THROTTLE_MS)) {
        // Too soon: a bare "typing" is dropped (the last one still holds), but the latest draft is kept for the throttle's end,
        // so the operator always ends up seeing what the visitor last typed, however the requests were spaced on the way.
        if (draft !== null) {
          const timer = setTimeout(() => {
            this.pendingDrafts.delete(key);
            this.lastAnnounced.set(key, Date.now());
            announce(Date.now(), draft).catch(() => undefined);
          }, DRAFT_THROTTLE_MS - since);
          timer.unref();
          this.pendingDrafts.set(key, { timer, draft });
        }
        return false;
      }
      if (this.lastAnnounced.size > 50_000) this.forgetOlderThan(now - TYPING_THROTTLE_MS);
      this.lastAnnounced.set(key, now);
    } else this.lastAnnounced.delete(key);
    await announce(now, draft);
    return true;
  }

  private forgetOlderThan(limit: number): void {
    for (const [key, at] of this.lastAnnounced) if (at < limit) this.lastAnnounced.delete(key);
  }
}
