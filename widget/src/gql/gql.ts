/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query WidgetConfig($widgetKey: ID!, $language: String) {\n    widgetConfig(widgetKey: $widgetKey, language: $language) {\n      available\n      offlineFormEnabled\n      language\n      theme\n      openingText\n      visualReminder\n      preChat { enabled text buttonText frequency }\n      chatWindow { color title cssUrl }\n      colors { bot operator user button buttonText }\n      images { logoUrl botUrl operatorUrl userUrl }\n      knowledgeBaseUrl\n      messengerLinks { kind url }\n      buttons { id kind name minimizedText color position pages }\n      sneakPreview\n      survey { question commentsAllowed }\n      googleAnalyticsId\n      followUpEnabled\n    }\n  }\n": typeof types.WidgetConfigDocument,
    "\n  mutation StartSession($widgetKey: ID!, $pageUrl: String, $language: String) {\n    startVisitorSession(widgetKey: $widgetKey, pageUrl: $pageUrl, language: $language) { token }\n  }\n": typeof types.StartSessionDocument,
    "\n  mutation RecordPageView($url: String!, $referrer: String) {\n    recordPageView(url: $url, referrer: $referrer) { id kind title text acceptText declineText }\n  }\n": typeof types.RecordPageViewDocument,
    "\n  mutation RespondToGreeting($greetingId: ID!, $accepted: Boolean!) {\n    respondToGreeting(greetingId: $greetingId, accepted: $accepted)\n  }\n": typeof types.RespondToGreetingDocument,
    "\n  mutation SendMessage($text: String!, $clientMessageId: ID, $attachmentId: ID) {\n    sendVisitorMessage(text: $text, clientMessageId: $clientMessageId, attachmentId: $attachmentId) { seq conversationId }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation CloseConversation {\n    closeVisitorConversation { id status }\n  }\n": typeof types.CloseConversationDocument,
    "\n  mutation RateConversation($score: Int!, $comment: String) {\n    rateConversation(score: $score, comment: $comment) { rating { score } thankYouText }\n  }\n": typeof types.RateConversationDocument,
    "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean!, $draft: String) {\n    setTyping(conversationId: $conversationId, typing: $typing, draft: $draft)\n  }\n": typeof types.SetTypingDocument,
    "\n  mutation CreateUpload($conversationId: ID!, $fileName: String!, $size: Int!, $contentType: String) {\n    createAttachmentUpload(conversationId: $conversationId, fileName: $fileName, size: $size, contentType: $contentType) { attachmentId uploadUrl }\n  }\n": typeof types.CreateUploadDocument,
    "\n  mutation SubmitOfflineForm($widgetKey: ID!, $email: String!, $subject: String!, $message: String!, $language: String) {\n    submitOfflineForm(widgetKey: $widgetKey, email: $email, subject: $subject, message: $message, language: $language)\n  }\n": typeof types.SubmitOfflineFormDocument,
    "\n  query ConversationState($id: ID!) {\n    conversation(id: $id) { id status ratingRequest rating { score } }\n  }\n": typeof types.ConversationStateDocument,
    "\n  subscription MessageAdded($conversationId: ID!, $afterSeq: Int) {\n    messageAdded(conversationId: $conversationId, afterSeq: $afterSeq) {\n      seq\n      authorKind\n      text\n      attachment { fileName url }\n    }\n  }\n": typeof types.MessageAddedDocument,
    "\n  subscription TypingChanged($conversationId: ID!) {\n    typingChanged(conversationId: $conversationId) { authorKind typing }\n  }\n": typeof types.TypingChangedDocument,
    "\n  mutation ReachSalesGoal($goalId: ID!, $value: String!) {\n    reachSalesGoal(goalId: $goalId, value: $value)\n  }\n": typeof types.ReachSalesGoalDocument,
    "\n  mutation SetVisitorEmail($email: String) {\n    setVisitorEmail(email: $email) { id }\n  }\n": typeof types.SetVisitorEmailDocument,
};
const documents: Documents = {
    "\n  query WidgetConfig($widgetKey: ID!, $language: String) {\n    widgetConfig(widgetKey: $widgetKey, language: $language) {\n      available\n      offlineFormEnabled\n      language\n      theme\n      openingText\n      visualReminder\n      preChat { enabled text buttonText frequency }\n      chatWindow { color title cssUrl }\n      colors { bot operator user button buttonText }\n      images { logoUrl botUrl operatorUrl userUrl }\n      knowledgeBaseUrl\n      messengerLinks { kind url }\n      buttons { id kind name minimizedText color position pages }\n      sneakPreview\n      survey { question commentsAllowed }\n      googleAnalyticsId\n      followUpEnabled\n    }\n  }\n": types.WidgetConfigDocument,
    "\n  mutation StartSession($widgetKey: ID!, $pageUrl: String, $language: String) {\n    startVisitorSession(widgetKey: $widgetKey, pageUrl: $pageUrl, language: $language) { token }\n  }\n": types.StartSessionDocument,
    "\n  mutation RecordPageView($url: String!, $referrer: String) {\n    recordPageView(url: $url, referrer: $referrer) { id kind title text acceptText declineText }\n  }\n": types.RecordPageViewDocument,
    "\n  mutation RespondToGreeting($greetingId: ID!, $accepted: Boolean!) {\n    respondToGreeting(greetingId: $greetingId, accepted: $accepted)\n  }\n": types.RespondToGreetingDocument,
    "\n  mutation SendMessage($text: String!, $clientMessageId: ID, $attachmentId: ID) {\n    sendVisitorMessage(text: $text, clientMessageId: $clientMessageId, attachmentId: $attachmentId) { seq conversationId }\n  }\n": types.SendMessageDocument,
    "\n  mutation CloseConversation {\n    closeVisitorConversation { id status }\n  }\n": types.CloseConversationDocument,
    "\n  mutation RateConversation($score: Int!, $comment: String) {\n    rateConversation(score: $score, comment: $comment) { rating { score } thankYouText }\n  }\n": types.RateConversationDocument,
    "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean!, $draft: String) {\n    setTyping(conversationId: $conversationId, typing: $typing, draft: $draft)\n  }\n": types.SetTypingDocument,
    "\n  mutation CreateUpload($conversationId: ID!, $fileName: String!, $size: Int!, $contentType: String) {\n    createAttachmentUpload(conversationId: $conversationId, fileName: $fileName, size: $size, contentType: $contentType) { attachmentId uploadUrl }\n  }\n": types.CreateUploadDocument,
    "\n  mutation SubmitOfflineForm($widgetKey: ID!, $email: String!, $subject: String!, $message: String!, $language: String) {\n    submitOfflineForm(widgetKey: $widgetKey, email: $email, subject: $subject, message: $message, language: $language)\n  }\n": types.SubmitOfflineFormDocument,
    "\n  query ConversationState($id: ID!) {\n    conversation(id: $id) { id status ratingRequest rating { score } }\n  }\n": types.ConversationStateDocument,
    "\n  subscription MessageAdded($conversationId: ID!, $afterSeq: Int) {\n    messageAdded(conversationId: $conversationId, afterSeq: $afterSeq) {\n      seq\n      authorKind\n      text\n      attachment { fileName url }\n    }\n  }\n": types.MessageAddedDocument,
    "\n  subscription TypingChanged($conversationId: ID!) {\n    typingChanged(conversationId: $conversationId) { authorKind typing }\n  }\n": types.TypingChangedDocument,
    "\n  mutation ReachSalesGoal($goalId: ID!, $value: String!) {\n    reachSalesGoal(goalId: $goalId, value: $value)\n  }\n": types.ReachSalesGoalDocument,
    "\n  mutation SetVisitorEmail($email: String) {\n    setVisitorEmail(email: $email) { id }\n  }\n": types.SetVisitorEmailDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WidgetConfig($widgetKey: ID!, $language: String) {\n    widgetConfig(widgetKey: $widgetKey, language: $language) {\n      available\n      offlineFormEnabled\n      language\n      theme\n      openingText\n      visualReminder\n      preChat { enabled text buttonText frequency }\n      chatWindow { color title cssUrl }\n      colors { bot operator user button buttonText }\n      images { logoUrl botUrl operatorUrl userUrl }\n      knowledgeBaseUrl\n      messengerLinks { kind url }\n      buttons { id kind name minimizedText color position pages }\n      sneakPreview\n      survey { question commentsAllowed }\n      googleAnalyticsId\n      followUpEnabled\n    }\n  }\n"): typeof import('./graphql').WidgetConfigDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartSession($widgetKey: ID!, $pageUrl: String, $language: String) {\n    startVisitorSession(widgetKey: $widgetKey, pageUrl: $pageUrl, language: $language) { token }\n  }\n"): typeof import('./graphql').StartSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordPageView($url: String!, $referrer: String) {\n    recordPageView(url: $url, referrer: $referrer) { id kind title text acceptText declineText }\n  }\n"): typeof import('./graphql').RecordPageViewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RespondToGreeting($greetingId: ID!, $accepted: Boolean!) {\n    respondToGreeting(greetingId: $greetingId, accepted: $accepted)\n  }\n"): typeof import('./graphql').RespondToGreetingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($text: String!, $clientMessageId: ID, $attachmentId: ID) {\n    sendVisitorMessage(text: $text, clientMessageId: $clientMessageId, attachmentId: $attachmentId) { seq conversationId }\n  }\n"): typeof import('./graphql').SendMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseConversation {\n    closeVisitorConversation { id status }\n  }\n"): typeof import('./graphql').CloseConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RateConversation($score: Int!, $comment: String) {\n    rateConversation(score: $score, comment: $comment) { rating { score } thankYouText }\n  }\n"): typeof import('./graphql').RateConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTyping($conversationId: ID!, $typing: Boolean!, $draft: String) {\n    setTyping(conversationId: $conversationId, typing: $typing, draft: $draft)\n  }\n"): typeof import('./graphql').SetTypingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUpload($conversationId: ID!, $fileName: String!, $size: Int!, $contentType: String) {\n    createAttachmentUpload(conversationId: $conversationId, fileName: $fileName, size: $size, contentType: $contentType) { attachmentId uploadUrl }\n  }\n"): typeof import('./graphql').CreateUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitOfflineForm($widgetKey: ID!, $email: String!, $subject: String!, $message: String!, $language: String) {\n    submitOfflineForm(widgetKey: $widgetKey, email: $email, subject: $subject, message: $message, language: $language)\n  }\n"): typeof import('./graphql').SubmitOfflineFormDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationState($id: ID!) {\n    conversation(id: $id) { id status ratingRequest rating { score } }\n  }\n"): typeof import('./graphql').ConversationStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessageAdded($conversationId: ID!, $afterSeq: Int) {\n    messageAdded(conversationId: $conversationId, afterSeq: $afterSeq) {\n      seq\n      authorKind\n      text\n      attachment { fileName url }\n    }\n  }\n"): typeof import('./graphql').MessageAddedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TypingChanged($conversationId: ID!) {\n    typingChanged(conversationId: $conversationId) { authorKind typing }\n  }\n"): typeof import('./graphql').TypingChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReachSalesGoal($goalId: ID!, $value: String!) {\n    reachSalesGoal(goalId: $goalId, value: $value)\n  }\n"): typeof import('./graphql').ReachSalesGoalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetVisitorEmail($email: String) {\n    setVisitorEmail(email: $email) { id }\n  }\n"): typeof import('./graphql').SetVisitorEmailDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
