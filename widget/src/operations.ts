import { graphql } from './gql';

// Every operation the widget sends, typed from the composed API schema by GraphQL Code Generator's
// client preset (codegen.yml: npm run codegen writes ./gql). The same recipe as the README gives
// frontend teams.

export const WidgetConfigQuery = graphql(`
  query WidgetConfig($widgetKey: ID!, $language: String) {
    widgetConfig(widgetKey: $widgetKey, language: $language) {
      available
      offlineFormEnabled
      language
      theme
      openingText
      visualReminder
      preChat { enabled text buttonText frequency }
      chatWindow { color title cssUrl }
      colors { bot operator user button buttonText }
      images { logoUrl botUrl operatorUrl userUrl }
      knowledgeBaseUrl
      messengerLinks { kind url }
      buttons { id kind name minimizedText color position pages }
      sneakPreview
      survey { question commentsAllowed }
      googleAnalyticsId
      followUpEnabled
    }
  }
`);

export const StartSessionMutation = graphql(`
  mutation StartSession($widgetKey: ID!, $pageUrl: String, $language: String) {
    startVisitorSession(widgetKey: $widgetKey, pageUrl: $pageUrl, language: $language) { token }
  }
`);

export const RecordPageViewMutation = graphql(`
  mutation RecordPageView($url: String!, $referrer: String) {
    recordPageView(url: $url, referrer: $referrer) { id kind title text acceptText declineText }
  }
`);

export const RespondToGreetingMutation = graphql(`
  mutation RespondToGreeting($greetingId: ID!, $accepted: Boolean!) {
    respondToGreeting(greetingId: $greetingId, accepted: $accepted)
  }
`);

export const SendMessageMutation = graphql(`
  mutation SendMessage($text: String!, $clientMessageId: ID, $attachmentId: ID) {
    sendVisitorMessage(text: $text, clientMessageId: $clientMessageId, attachmentId: $attachmentId) { seq conversationId }
  }
`);

export const CloseConversationMutation = graphql(`
  mutation CloseConversation {
    closeVisitorConversation { id status }
  }
`);

export const RateConversationMutation = graphql(`
  mutation RateConversation($score: Int!, $comment: String) {
    rateConversation(score: $score, comment: $comment) { rating { score } thankYouText }
  }
`);

export const SetTypingMutation = graphql(`
  mutation SetTyping($conversationId: ID!, $typing: Boolean!, $draft: String) {
    setTyping(conversationId: $conversationId, typing: $typing, draft: $draft)
  }
`);

export const CreateUploadMutation = graphql(`
  mutation CreateUpload($conversationId: ID!, $fileName: String!, $size: Int!, $contentType: String) {
    createAttachmentUpload(conversationId: $conversationId, fileName: $fileName, size: $size, contentType: $contentType) { attachmentId uploadUrl }
  }
`);

export const SubmitOfflineFormMutation = graphql(`
  mutation SubmitOfflineForm($widgetKey: ID!, $email: String!, $subject: String!, $message: String!, $language: String) {
    submitOfflineForm(widgetKey: $widgetKey, email: $email, subject: $subject, message: $message, language: $language)
  }
`);

export const ConversationStateQuery = graphql(`
  query ConversationState($id: ID!) {
    conversation(id: $id) { id status ratingRequest rating { score } }
  }
`);

export const MessageAddedSubscription = graphql(`
  subscription MessageAdded($conversationId: ID!, $afterSeq: Int) {
    messageAdded(conversationId: $conversationId, afterSeq: $afterSeq) {
      seq
      authorKind
      text
      attachment { fileName url }
    }
  }
`);

export const TypingChangedSubscription = graphql(`
  subscription TypingChanged($conversationId: ID!) {
    typingChanged(conversationId: $conversationId) { authorKind typing }
  }
`);

export const ReachSalesGoalMutation = graphql(`
  mutation ReachSalesGoal($goalId: ID!, $value: String!) {
    reachSalesGoal(goalId: $goalId, value: $value)
  }
`);

export const SetVisitorEmailMutation = graphql(`
  mutation SetVisitorEmail($email: String) {
    setVisitorEmail(email: $email) { id }
  }
`);
