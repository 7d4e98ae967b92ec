/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Who wrote a message */
export type AuthorKind =
  | 'BOT'
  | 'CLIENT'
  | 'OPERATOR'
  | 'SYSTEM';

export type ButtonPosition =
  | 'BOTTOM_LEFT'
  | 'BOTTOM_RIGHT';

/** The widget's colour scheme */
export type CampaignTheme =
  | 'DARK'
  | 'LIGHT';

/** A footer button at the bottom of the site's pages, or a custom one in the company's own HTML; the chat starts at once, or after the visitor's first message */
export type ChatButtonKind =
  | 'CUSTOM_AFTER_FIRST_MESSAGE'
  | 'CUSTOM_INSTANT'
  | 'FOOTER_AFTER_FIRST_MESSAGE'
  | 'FOOTER_INSTANT';

export type ConversationStatus =
  | 'ASSIGNED'
  | 'CLOSED'
  | 'UNASSIGNED';

/** YES_NO: the chat pops up with accept and decline buttons; CHAT_WINDOW: the visitor starts by typing */
export type GreetingKind =
  | 'CHAT_WINDOW'
  | 'YES_NO';

/** A messenger or social network the widget links to */
export type Messenger =
  | 'FACEBOOK'
  | 'INSTAGRAM'
  | 'LINE'
  | 'SKYPE'
  | 'SLACK'
  | 'SNAPCHAT'
  | 'TELEGRAM'
  | 'VIBER'
  | 'VKONTAKTE'
  | 'WECHAT'
  | 'WHATSAPP';

/** Whether pre-chat shows on every chat or only on the visitor's first */
export type PreChatFrequency =
  | 'EVERY_TIME'
  | 'FIRST_TIME';

/** The scale of a rating: THUMBS 0 (down) or 1 (up), SMILEYS 1 to 3, TWO_POINT 1 to 2, FIVE_POINT 1 to 5, TEN_POINT 1 to 10 */
export type SurveyScale =
  | 'FIVE_POINT'
  | 'SMILEYS'
  | 'TEN_POINT'
  | 'THUMBS'
  | 'TWO_POINT';

export type WidgetConfigQueryVariables = Exact<{
  widgetKey: string | number;
  language?: string | null | undefined;
}>;


export type WidgetConfigQuery = { widgetConfig: { available: boolean, offlineFormEnabled: boolean, language: string | null, theme: CampaignTheme, openingText: string | null, visualReminder: boolean, knowledgeBaseUrl: string | null, sneakPreview: boolean, googleAnalyticsId: string | null, followUpEnabled: boolean, preChat: { enabled: boolean, text: string | null, buttonText: string | null, frequency: PreChatFrequency }, chatWindow: { color: string | null, title: string | null, cssUrl: string | null }, colors: { bot: string | null, operator: string | null, user: string | null, button: string | null, buttonText: string | null }, images: { logoUrl: string | null, botUrl: string | null, operatorUrl: string | null, userUrl: string | null }, messengerLinks: Array<{ kind: Messenger, url: string }>, buttons: Array<{ id: string, kind: ChatButtonKind, name: string, minimizedText: string | null, color: string | null, position: ButtonPosition, pages: Array<string> }>, survey: { question: string | null, commentsAllowed: boolean } } };

export type StartSessionMutationVariables = Exact<{
  widgetKey: string | number;
  pageUrl?: string | null | undefined;
  language?: string | null | undefined;
}>;


export type StartSessionMutation = { startVisitorSession: { token: string } };

export type RecordPageViewMutationVariables = Exact<{
  url: string;
  referrer?: string | null | undefined;
}>;


export type RecordPageViewMutation = { recordPageView: { id: string, kind: GreetingKind, title: string, text: string, acceptText: string | null, declineText: string | null } | null };

export type RespondToGreetingMutationVariables = Exact<{
  greetingId: string | number;
  accepted: boolean;
}>;


export type RespondToGreetingMutation = { respondToGreeting: boolean };

export type SendMessageMutationVariables = Exact<{
  text: string;
  clientMessageId?: string | number | null | undefined;
  attachmentId?: string | number | null | undefined;
}>;


export type SendMessageMutation = { sendVisitorMessage: { seq: number, conversationId: string } };

export type CloseConversationMutationVariables = Exact<{ [key: string]: never; }>;


export type CloseConversationMutation = { closeVisitorConversation: { id: string, status: ConversationStatus } };

export type RateConversationMutationVariables = Exact<{
  score: number;
  comment?: string | null | undefined;
}>;


export type RateConversationMutation = { rateConversation: { thankYouText: string | null, rating: { score: number } } };

export type SetTypingMutationVariables = Exact<{
  conversationId: string | number;
  typing: boolean;
  draft?: string | null | undefined;
}>;


export type SetTypingMutation = { setTyping: boolean };

export type CreateUploadMutationVariables = Exact<{
  conversationId: string | number;
  fileName: string;
  size: number;
  contentType?: string | null | undefined;
}>;


export type CreateUploadMutation = { createAttachmentUpload: { attachmentId: string, uploadUrl: string } };

export type SubmitOfflineFormMutationVariables = Exact<{
  widgetKey: string | number;
  email: string;
  subject: string;
  message: string;
  language?: string | null | undefined;
}>;


export type SubmitOfflineFormMutation = { submitOfflineForm: boolean };

export type ConversationStateQueryVariables = Exact<{
  id: string | number;
}>;


export type ConversationStateQuery = { conversation: { id: string, status: ConversationStatus, ratingRequest: SurveyScale | null, rating: { score: number } | null } | null };

export type MessageAddedSubscriptionVariables = Exact<{
  conversationId: string | number;
  afterSeq?: number | null | undefined;
}>;


export type MessageAddedSubscription = { messageAdded: { seq: number, authorKind: AuthorKind, text: string, attachment: { fileName: string, url: string } | null } };

export type TypingChangedSubscriptionVariables = Exact<{
  conversationId: string | number;
}>;


export type TypingChangedSubscription = { typingChanged: { authorKind: AuthorKind, typing: boolean } };

export type ReachSalesGoalMutationVariables = Exact<{
  goalId: string | number;
  value: string;
}>;


export type ReachSalesGoalMutation = { reachSalesGoal: boolean };

export type SetVisitorEmailMutationVariables = Exact<{
  email?: string | null | undefined;
}>;


export type SetVisitorEmailMutation = { setVisitorEmail: { id: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const WidgetConfigDocument = new TypedDocumentString(`
    query WidgetConfig($widgetKey: ID!, $language: String) {
  widgetConfig(widgetKey: $widgetKey, language: $language) {
    available
    offlineFormEnabled
    language
    theme
    openingText
    visualReminder
    preChat {
      enabled
      text
      buttonText
      frequency
    }
    chatWindow {
      color
      title
      cssUrl
    }
    colors {
      bot
      operator
      user
      button
      buttonText
    }
    images {
      logoUrl
      botUrl
      operatorUrl
      userUrl
    }
    knowledgeBaseUrl
    messengerLinks {
      kind
      url
    }
    buttons {
      id
      kind
      name
      minimizedText
      color
      position
      pages
    }
    sneakPreview
    survey {
      question
      commentsAllowed
    }
    googleAnalyticsId
    followUpEnabled
  }
}
    `) as unknown as TypedDocumentString<WidgetConfigQuery, WidgetConfigQueryVariables>;
export const StartSessionDocument = new TypedDocumentString(`
    mutation StartSession($widgetKey: ID!, $pageUrl: String, $language: String) {
  startVisitorSession(
    widgetKey: $widgetKey
    pageUrl: $pageUrl
    language: $language
  ) {
    token
  }
}
    `) as unknown as TypedDocumentString<StartSessionMutation, StartSessionMutationVariables>;
export const RecordPageViewDocument = new TypedDocumentString(`
    mutation RecordPageView($url: String!, $referrer: String) {
  recordPageView(url: $url, referrer: $referrer) {
    id
    kind
    title
    text
    acceptText
    declineText
  }
}
    `) as unknown as TypedDocumentString<RecordPageViewMutation, RecordPageViewMutationVariables>;
export const RespondToGreetingDocument = new TypedDocumentString(`
    mutation RespondToGreeting($greetingId: ID!, $accepted: Boolean!) {
  respondToGreeting(greetingId: $greetingId, accepted: $accepted)
}
    `) as unknown as TypedDocumentString<RespondToGreetingMutation, RespondToGreetingMutationVariables>;
export const SendMessageDocument = new TypedDocumentString(`
    mutation SendMessage($text: String!, $clientMessageId: ID, $attachmentId: ID) {
  sendVisitorMessage(
    text: $text
    clientMessageId: $clientMessageId
    attachmentId: $attachmentId
  ) {
    seq
    conversationId
  }
}
    `) as unknown as TypedDocumentString<SendMessageMutation, SendMessageMutationVariables>;
export const CloseConversationDocument = new TypedDocumentString(`
    mutation CloseConversation {
  closeVisitorConversation {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CloseConversationMutation, CloseConversationMutationVariables>;
export const RateConversationDocument = new TypedDocumentString(`
    mutation RateConversation($score: Int!, $comment: String) {
  rateConversation(score: $score, comment: $comment) {
    rating {
      score
    }
    thankYouText
  }
}
    `) as unknown as TypedDocumentString<RateConversationMutation, RateConversationMutationVariables>;
export const SetTypingDocument = new TypedDocumentString(`
    mutation SetTyping($conversationId: ID!, $typing: Boolean!, $draft: String) {
  setTyping(conversationId: $conversationId, typing: $typing, draft: $draft)
}
    `) as unknown as TypedDocumentString<SetTypingMutation, SetTypingMutationVariables>;
export const CreateUploadDocument = new TypedDocumentString(`
    mutation CreateUpload($conversationId: ID!, $fileName: String!, $size: Int!, $contentType: String) {
  createAttachmentUpload(
    conversationId: $conversationId
    fileName: $fileName
    size: $size
    contentType: $contentType
  ) {
    attachmentId
    uploadUrl
  }
}
    `) as unknown as TypedDocumentString<CreateUploadMutation, CreateUploadMutationVariables>;
export const SubmitOfflineFormDocument = new TypedDocumentString(`
    mutation SubmitOfflineForm($widgetKey: ID!, $email: String!, $subject: String!, $message: String!, $language: String) {
  submitOfflineForm(
    widgetKey: $widgetKey
    email: $email
    subject: $subject
    message: $message
    language: $language
  )
}
    `) as unknown as TypedDocumentString<SubmitOfflineFormMutation, SubmitOfflineFormMutationVariables>;
export const ConversationStateDocument = new TypedDocumentString(`
    query ConversationState($id: ID!) {
  conversation(id: $id) {
    id
    status
    ratingRequest
    rating {
      score
    }
  }
}
    `) as unknown as TypedDocumentString<ConversationStateQuery, ConversationStateQueryVariables>;
export const MessageAddedDocument = new TypedDocumentString(`
    subscription MessageAdded($conversationId: ID!, $afterSeq: Int) {
  messageAdded(conversationId: $conversationId, afterSeq: $afterSeq) {
    seq
    authorKind
    text
    attachment {
      fileName
      url
    }
  }
}
    `) as unknown as TypedDocumentString<MessageAddedSubscription, MessageAddedSubscriptionVariables>;
export const TypingChangedDocument = new TypedDocumentString(`
    subscription TypingChanged($conversationId: ID!) {
  typingChanged(conversationId: $conversationId) {
    authorKind
    typing
  }
}
    `) as unknown as TypedDocumentString<TypingChangedSubscription, TypingChangedSubscriptionVariables>;
export const ReachSalesGoalDocument = new TypedDocumentString(`
    mutation ReachSalesGoal($goalId: ID!, $value: String!) {
  reachSalesGoal(goalId: $goalId, value: $value)
}
    `) as unknown as TypedDocumentString<ReachSalesGoalMutation, ReachSalesGoalMutationVariables>;
export const SetVisitorEmailDocument = new TypedDocumentString(`
    mutation SetVisitorEmail($email: String) {
  setVisitorEmail(email: $email) {
    id
  }
}
    `) as unknown as TypedDocumentString<SetVisitorEmailMutation, SetVisitorEmailMutationVariables>;