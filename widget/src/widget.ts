import { Api, GraphError } from './api';
import { SURVEY_SCORES } from '../../subgraphs/campaigns/visitor-rules';
import { h, pageMatchesAny } from './dom';
import type { RecordPageViewMutation as Greeting, SurveyScale, WidgetConfigQuery } from './gql/graphql';
import {
  CloseConversationMutation,
  ConversationStateQuery,
  CreateUploadMutation,
  MessageAddedSubscription,
  RateConversationMutation,
  RecordPageViewMutation,
  RespondToGreetingMutation,
  SendMessageMutation,
  SetTypingMutation,
  SetVisitorEmailMutation,
  SubmitOfflineFormMutation,
  TypingChangedSubscription,
} from './operations';
import { randomId, Store } from './store';
import { STYLE } from './style';

type Config = WidgetConfigQuery['widgetConfig'];
type Offer = NonNullable<Greeting['recordPageView']>;

/** How the score buttons show the scales that are not numbers. */
const SCORE_LABELS: Partial<Record<SurveyScale, string[]>> = { THUMBS: ['👎', '👍'], SMILEYS: ['☹️', '😐', '🙂'] };

/** How often the page is reported again while the visitor stays (time-on-page greetings). */
const PAGE_VIEW_REPEAT_MS = 30_000;
/** Typing true is repeated at most this often while keys are pressed (the draft, with Chat Sneak Preview, more often), and false follows this long after the last key. */
const TYPING_REPEAT_MS = 1500;
const DRAFT_REPEAT_MS = 500;
const TYPING_IDLE_MS = 3000;

/**
 * The chat widget on a customer's page: the launcher (the campaign's footer button, or ours), the
 * greeting offered by recordPageView, the chat window with pre-chat, messages live and replayed
 * (messageAdded from the last seq seen, so a reload or a dropped connection misses nothing),
 * typing, files and the rating, and the offline form when nobody is available.
 */
export class Widget {
  private readonly root: HTMLDivElement;
  private readonly shadow: ShadowRoot;
  private window: HTMLDivElement | null = null;
  private messageList: HTMLDivElement | null = null;
  private typingLine: HTMLDivElement | null = null;
  private panel: HTMLDivElement | null = null;
  private composer: HTMLFormElement | null = null;
  private greetingBox: HTMLDivElement | null = null;
  /** Messages shown, by seq: replays after a reconnect repeat some, and each shows once. */
  private readonly shown = new Set<number>();
  private conversationId: string | undefined;
  private unfollow: (() => void)[] = [];
  private typingSentAt = 0;
  private typingTimer: number | undefined;
  private draftTimer: number | undefined;
  private preChatConfirmed = false;
  private pendingGreeting: Offer | null = null;

  constructor(
    private readonly api: Api,
    private readonly store: Store,
    private readonly config: Config,
    private readonly widgetKey: string,
    private readonly language: string | undefined,
  ) {
    const host = h('div', { 'data-livechat-widget': widgetKey });
    this.shadow = host.attachShadow({ mode: 'open' });
    const colors = config.colors;
    const vars = [
      ['--accent', config.chatWindow.color],
      ['--button', colors.button],
      ['--button-text', colors.buttonText],
      ['--bot', colors.bot],
      ['--operator', colors.operator],
      ['--user', colors.user],
      ['--bg', config.theme === 'DARK' ? '#1f2937' : '#fff'],
      ['--fg', config.theme === 'DARK' ? '#f9fafb' : '#111'],
    ]
      .filter(([, value]) => value)
      .map(([name, value]) => `${name}:${value}`)
      .join(';');
    this.shadow.append(h('style', {}, `${STYLE}.root{${vars}}`));
    // The company's own CSS, served by the gateway only as text/css, styles the widget's parts.
    if (config.chatWindow.cssUrl) this.shadow.append(h('link', { rel: 'stylesheet', href: config.chatWindow.cssUrl }));
    const footer = this.footerButton();
    this.root = h('div', { class: `root ${footer?.position === 'BOTTOM_LEFT' ? 'left' : 'right'}` });
    this.shadow.append(this.root);
    document.body.append(host);
    this.conversationId = store.get('conversationId');
    // Custom buttons live in the company's own HTML (ChatButton.code); any of them opens the chat.
    document.addEventListener('click', (event) => {
      if ((event.target as Element | null)?.closest?.('[data-livechat-button]')) this.open();
    });
  }

  /** Shows what the rules allow, then follows the ongoing conversation and the visitor's page. */
  start(): void {
    this.renderLauncher();
    if (this.conversationId) this.follow(this.conversationId);
    if (this.store.get('open')) this.open();
    const quietly = (work: Promise<void>) => void work.catch(() => undefined);
    quietly(this.reportPage());
    window.setInterval(() => {
      // A failed report (offline for a moment) is made good by the next one.
      quietly(this.reportPage());
      // An operator's close sends the visitor nothing without a closing text: the survey is looked for here too.
      if (this.window && this.conversationId) quietly(this.checkRating());
    }, PAGE_VIEW_REPEAT_MS);
  }

  /** The campaign's footer button for this page, if any. */
  private footerButton() {
    return this.config.buttons.find((button) => button.kind.startsWith('FOOTER') && pageMatchesAny(location.href, button.pages));
  }

  private renderLauncher(): void {
    const footer = this.footerButton();
    const reachable = this.config.available || this.config.offlineFormEnabled || !!this.conversationId;
    // With buttons configured, the campaign's button availability and pages decide; without, ours shows while someone can answer.
    const show = this.config.buttons.length > 0 ? !!footer || !!this.conversationId : reachable;
    if (!show) return;
    const label = footer?.minimizedText || footer?.name || (this.config.available ? 'Chat with us' : 'Leave a message');
    const launcher = h('button', { class: 'launcher', part: 'launcher', onclick: () => (this.window ? this.minimize() : this.open()) }, label);
    if (footer?.color) launcher.style.background = footer.color;
    this.root.append(launcher);
  }

  private async reportPage(): Promise<void> {
    const { recordPageView } = await this.api.request(RecordPageViewMutation, { url: location.href, referrer: document.referrer || null });
    if (recordPageView && !this.greetingBox && !this.window) this.offer(recordPageView);
  }

  /** A greeting (Automatic Invites): YES_NO asks first; CHAT_WINDOW opens the chat with its text. */
  private offer(greeting: Offer): void {
    const answer = (accepted: boolean) => {
      void this.api.request(RespondToGreetingMutation, { greetingId: greeting.id, accepted });
      this.greetingBox?.remove();
      this.greetingBox = null;
      if (accepted) {
        this.track('greeting_accepted');
        this.open();
      }
    };
    if (greeting.kind === 'CHAT_WINDOW') {
      this.pendingGreeting = greeting;
      this.open();
      return;
    }
    this.greetingBox = h(
      'div',
      { class: 'greeting', part: 'greeting' },
      h('b', {}, greeting.title),
      greeting.text,
      h(
        'div',
        { class: 'actions' },
        h('button', { onclick: () => answer(true) }, greeting.acceptText || 'Yes'),
        h('button', { onclick: () => answer(false) }, greeting.declineText || 'No, thanks'),
      ),
    );
    this.root.prepend(this.greetingBox);
  }

  private open(): void {
    if (this.window) return;
    this.store.set({ open: true });
    const { config } = this;
    this.messageList = h('div', { class: 'messages', part: 'messages' });
    this.typingLine = h('div', { class: 'typing' });
    this.panel = h('div', { class: 'panel', hidden: true });
    this.window = h(
      'div',
      { class: 'window', part: 'window' },
      h(
        'div',
        { class: 'header' },
        config.images.logoUrl && h('img', { src: config.images.logoUrl, alt: '' }),
        h('span', { class: 'title' }, config.chatWindow.title || 'Chat'),
        h('button', { title: 'End chat', onclick: () => void this.endChat() }, 'End'),
        h('button', { title: 'Minimise', onclick: () => this.minimize() }, '–'),
      ),
      this.messageList,
      this.typingLine,
      this.panel,
    );
    this.root.prepend(this.window);
    this.greetingBox?.remove();
    this.greetingBox = null;
    this.shown.clear();
    if (this.conversationId) {
      this.follow(this.conversationId);
      void this.checkRating().catch(() => undefined);
    } else this.showWelcome();
    this.renderBottom();
  }

  private minimize(): void {
    this.store.set({ open: false });
    this.window?.remove();
    this.window = null;
    if (this.pendingGreeting) {
      void this.api.request(RespondToGreetingMutation, { greetingId: this.pendingGreeting.id, accepted: false });
      this.pendingGreeting = null;
    }
  }

  /** Before a conversation: the greeting's or the campaign's opening text. */
  private showWelcome(): void {
    const text = this.pendingGreeting?.text ?? this.config.openingText;
    if (text) this.messageList?.append(this.bubble('BOT', text, null, this.config.visualReminder && !this.pendingGreeting));
  }

  /** Pre-chat, the offline form or the composer, by what the visitor may do now. */
  private renderBottom(): void {
    if (!this.window) return;
    this.composer?.remove();
    this.composer = null;
    const { preChat, available, offlineFormEnabled } = this.config;
    const preChatDue = preChat.enabled && !this.conversationId && !this.preChatConfirmed && (preChat.frequency === 'EVERY_TIME' || !this.store.get('chatted'));
    if (!available && !this.conversationId) {
      if (offlineFormEnabled) this.showOfflineForm();
      else this.showPanel(h('div', {}, 'Nobody is available right now. Please come back later.'));
    } else if (preChatDue) {
      this.showPanel(
        preChat.text && h('div', {}, preChat.text),
        h(
          'button',
          {
            class: 'start',
            onclick: () => {
              this.preChatConfirmed = true;
              this.renderBottom();
            },
          },
          preChat.buttonText || 'Start chat',
        ),
      );
    } else {
      this.hidePanel();
      this.window.append(this.buildComposer());
    }
    this.window.append(this.links());
  }

  private links(): HTMLDivElement {
    const links = h('div', { class: 'links' });
    if (this.config.followUpEnabled && !this.store.get('emailGiven')) links.append(this.emailLink());
    if (this.config.knowledgeBaseUrl) links.append(h('a', { href: this.config.knowledgeBaseUrl, target: '_blank', rel: 'noopener' }, 'Help center'));
    for (const link of this.config.messengerLinks) links.append(h('a', { href: link.url, target: '_blank', rel: 'noopener' }, link.kind.toLowerCase()));
    this.window?.querySelector('.links')?.remove();
    return links;
  }

  /** Follow-ups: the visitor may leave an address, once. */
  private emailLink(): HTMLElement {
    const link = h('a', { href: '#', class: 'email' }, 'Email me a follow-up');
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const email = h('input', { type: 'email', placeholder: 'Your email', 'aria-label': 'Your email', required: true });
      const error = h('div', { class: 'error' });
      const form = h(
        'form',
        {
          class: 'email-form',
          onsubmit: async (submitted: Event) => {
            submitted.preventDefault();
            try {
              await this.api.request(SetVisitorEmailMutation, { email: email.value });
              this.store.set({ emailGiven: true });
              form.replaceWith(h('span', {}, 'Thanks, we will write to you after the chat.'));
            } catch (caught) {
              error.textContent = caught instanceof GraphError ? caught.message : 'Could not save; please try again.';
            }
          },
        },
        email,
        h('button', { type: 'submit' }, 'Save'),
        error,
      );
      link.replaceWith(form);
    });
    return link;
  }

  private buildComposer(): HTMLFormElement {
    const input = h('textarea', { rows: 2, placeholder: 'Type a message…', 'aria-label': 'Message' });
    const file = h('input', { type: 'file', hidden: true });
    const attach = h('button', { type: 'button', title: 'Send a file', disabled: !this.conversationId, class: 'attach', onclick: () => file.click() }, '+');
    const send = () => {
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      void this.send({ text });
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    });
    input.addEventListener('input', () => this.typing(input.value));
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) void this.sendFile(chosen);
    });
    this.composer = h(
      'form',
      {
        class: 'composer',
        onsubmit: (event: Event) => {
          event.preventDefault();
          send();
        },
      },
      attach,
      file,
      input,
      h('button', { type: 'submit', class: 'send' }, 'Send'),
    );
    return this.composer;
  }

  private showPanel(...children: (Node | string | null | false | undefined)[]): void {
    if (!this.panel) return;
    this.panel.className = 'panel';
    this.panel.replaceChildren(...(children.filter(Boolean) as (Node | string)[]));
    this.panel.hidden = false;
  }

  private hidePanel(): void {
    if (this.panel) this.panel.hidden = true;
  }

  private showOfflineForm(): void {
    const email = h('input', { type: 'email', name: 'email', placeholder: 'Your email', required: true });
    const subject = h('input', { name: 'subject', placeholder: 'Subject', required: true });
    const message = h('textarea', { name: 'message', rows: 3, placeholder: 'Your message', required: true });
    const error = h('div', { class: 'error' });
    const form = h(
      'form',
      {
        class: 'offline',
        onsubmit: async (event: Event) => {
          event.preventDefault();
          try {
            await this.api.request(SubmitOfflineFormMutation, {
              widgetKey: this.widgetKey,
              email: email.value,
              subject: subject.value,
              message: message.value,
              language: this.language,
            });
            this.showPanel(h('div', { class: 'sent' }, 'Thank you! We will answer by email.'));
            this.track('offline_form_sent');
          } catch (caught) {
            error.textContent = caught instanceof GraphError ? caught.message : 'Could not send; please try again.';
          }
        },
      },
      h('div', {}, 'Nobody is available right now. Leave us a message:'),
      email,
      subject,
      message,
      error,
      h('button', { type: 'submit' }, 'Send'),
    );
    this.showPanel(form);
  }

  /** Sends with a clientMessageId, so a retry after a lost answer stores the message once. */
  private async send(message: { text: string; attachmentId?: string }): Promise<void> {
    const clientMessageId = randomId();
    const greeting = this.pendingGreeting;
    for (let attempt = 0; ; attempt++) {
      try {
        const { sendVisitorMessage } = await this.api.request(SendMessageMutation, { ...message, clientMessageId });
        if (greeting) {
          this.pendingGreeting = null;
          void this.api.request(RespondToGreetingMutation, { greetingId: greeting.id, accepted: true }).catch(() => undefined);
        }
        this.store.set({ chatted: true });
        this.track('message_sent');
        this.stopTyping();
        if (sendVisitorMessage.conversationId !== this.conversationId) this.switchTo(sendVisitorMessage.conversationId);
        return;
      } catch (caught) {
        if (caught instanceof GraphError || attempt >= 4) return this.notice(caught instanceof GraphError ? caught.message : 'Could not send; check your connection.');
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
  }

  private async sendFile(file: File): Promise<void> {
    if (!this.conversationId) return;
    try {
      const { createAttachmentUpload } = await this.api.request(CreateUploadMutation, {
        conversationId: this.conversationId,
        fileName: file.name,
        size: file.size,
        contentType: file.type || null,
      });
      const upload = await fetch(createAttachmentUpload.uploadUrl, { method: 'PUT', body: file });
      if (!upload.ok) throw new GraphError('The file could not be uploaded', undefined);
      await this.send({ text: '', attachmentId: createAttachmentUpload.attachmentId });
    } catch (caught) {
      this.notice(caught instanceof GraphError ? caught.message : 'The file could not be sent.');
    }
  }

  /** A new conversation began (the first message, or one after a close): show and follow it. */
  private switchTo(conversationId: string): void {
    this.track('chat_started');
    this.conversationId = conversationId;
    this.store.set({ conversationId });
    this.messageList?.replaceChildren();
    this.shown.clear();
    this.follow(conversationId);
    this.renderBottom();
  }

  /** Live messages after the last one shown (all of them after a reload), and the operator's typing. */
  private follow(conversationId: string): void {
    for (const stop of this.unfollow) stop();
    const afterSeq = Math.max(0, ...this.shown);
    this.unfollow = [
      this.api.subscribe(MessageAddedSubscription, { conversationId, afterSeq }, ({ messageAdded: message }) => {
        if (this.shown.has(message.seq)) return;
        this.shown.add(message.seq);
        if (!this.messageList) return;
        const next = [...this.messageList.children].find((node) => Number((node as HTMLElement).dataset.seq) > message.seq);
        this.messageList.insertBefore(this.bubble(message.authorKind, message.text, message.attachment ?? null, false, message.seq), next ?? null);
        this.messageList.scrollTop = this.messageList.scrollHeight;
        if (message.authorKind === 'OPERATOR' && this.typingLine) this.typingLine.textContent = '';
        if (message.authorKind === 'BOT') void this.checkRating().catch(() => undefined);
      }),
      this.api.subscribe(TypingChangedSubscription, { conversationId }, ({ typingChanged }) => {
        if (this.typingLine && typingChanged.authorKind === 'OPERATOR') this.typingLine.textContent = typingChanged.typing ? 'The operator is typing…' : '';
      }),
    ];
  }

  private bubble(kind: string, text: string, attachment: { fileName: string; url: string } | null, reminder = false, seq?: number): HTMLDivElement {
    const { images } = this.config;
    const avatar = { CLIENT: images.userUrl, OPERATOR: images.operatorUrl, BOT: images.botUrl }[kind];
    return h(
      'div',
      { class: `message ${kind.toLowerCase()}${reminder ? ' reminder' : ''}`, 'data-seq': seq },
      avatar && h('img', { src: avatar, alt: '' }),
      h('div', { class: 'text' }, text, attachment && h('a', { href: attachment.url, target: '_blank', rel: 'noopener', download: attachment.fileName }, attachment.fileName)),
    );
  }

  /** When the bot or the survey asks for a rating the visitor has not given, offer the scale's scores. */
  private async checkRating(): Promise<void> {
    // Asked already: the scores are on screen (and maybe a comment half typed).
    if (!this.conversationId || (this.panel?.classList.contains('rating') && !this.panel.hidden)) return;
    const { conversation } = await this.api.request(ConversationStateQuery, { id: this.conversationId });
    if (!conversation?.ratingRequest || conversation.rating || !this.window) return;
    const scale = conversation.ratingRequest;
    const [low, high] = SURVEY_SCORES[scale];
    const scores = Array.from({ length: high - low + 1 }, (_, i) => low + i);
    const { survey } = this.config;
    const comment = survey.commentsAllowed ? h('input', { name: 'comment', placeholder: 'A comment (optional)', 'aria-label': 'Comment' }) : null;
    const rate = async (score: number) => {
      try {
        const { rateConversation } = await this.api.request(RateConversationMutation, { score, comment: comment?.value.trim() || null });
        this.showPanel(h('div', { class: 'rated' }, rateConversation.thankYouText || 'Thank you for your rating!'));
        this.track('chat_rated');
      } catch (caught) {
        this.notice(caught instanceof GraphError ? caught.message : 'The rating could not be sent.');
      }
    };
    this.showPanel(
      survey.question || 'Your rating:',
      ...scores.map((score, i) => h('button', { 'data-score': score, onclick: () => void rate(score) }, SCORE_LABELS[scale]?.[i] ?? String(score))),
      comment,
    );
    this.panel?.classList.add('rating');
  }

  private async endChat(): Promise<void> {
    if (this.conversationId) await this.api.request(CloseConversationMutation, {}).catch(() => undefined);
    void this.checkRating().catch(() => undefined);
  }

  private typing(draft: string): void {
    if (!this.conversationId) return;
    const conversationId = this.conversationId;
    const repeat = this.config.sneakPreview ? DRAFT_REPEAT_MS : TYPING_REPEAT_MS;
    const announce = () => {
      this.typingSentAt = Date.now();
      const variables = { conversationId, typing: true, draft: this.config.sneakPreview ? draft : null };
      void this.api.request(SetTypingMutation, variables).catch(() => undefined);
    };
    window.clearTimeout(this.draftTimer);
    if (Date.now() - this.typingSentAt > repeat) announce();
    // The last draft goes out too, once the keys pause.
    else if (this.config.sneakPreview) this.draftTimer = window.setTimeout(announce, repeat);
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    window.clearTimeout(this.typingTimer);
    window.clearTimeout(this.draftTimer);
    if (!this.typingSentAt || !this.conversationId) return;
    this.typingSentAt = 0;
    void this.api.request(SetTypingMutation, { conversationId: this.conversationId, typing: false }).catch(() => undefined);
  }

  /** A Google Analytics event, when the campaign has a measurement id and the page has gtag (the widget loads no tracker itself). */
  private track(action: 'chat_started' | 'message_sent' | 'greeting_accepted' | 'offline_form_sent' | 'chat_rated'): void {
    const gtag = (window as { gtag?: (...args: unknown[]) => void }).gtag;
    if (this.config.googleAnalyticsId && typeof gtag === 'function') gtag('event', `livechat_${action}`, { send_to: this.config.googleAnalyticsId });
  }

  private notice(text: string): void {
    this.messageList?.append(h('div', { class: 'error' }, text));
  }
}
