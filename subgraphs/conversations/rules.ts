import { allow, or } from 'graphql-shield';
import { isCompanyMember, isIssuedToCaller, isOperator, isSignedIn, isVisitor } from '../../kernel/rules';

/**
 * Company-scoped entry points are checked here by their companyId argument; operations on one
 * conversation check its company in the service (the id alone does not say which company).
 */
export const conversationsRules = {
  Query: {
    conversations: isCompanyMember(),
    conversation: isSignedIn,
    message: isSignedIn,
    queueCounts: isCompanyMember(),
  },
  Mutation: {
    startVisitorSession: allow,
    sendVisitorMessage: isVisitor,
    takeConversation: isOperator,
    sendMessage: isOperator,
    createAttachmentUpload: isSignedIn,
    closeConversation: isOperator,
    returnToUnassigned: isOperator,
    assignConversation: isOperator,
    markConversationRead: isOperator,
    markConversationUnread: isOperator,
    moveConversationToGroup: isOperator,
    renameClient: isOperator,
    addClientNote: isOperator,
    blacklistClient: isOperator,
    unblockClient: isOperator,
    pinClient: isOperator,
    unpinClient: isOperator,
    reopenConversation: isOperator,
    setOnlineStatus: isCompanyMember(),
  },
  Conversation: { '*': isSignedIn, log: isOperator },
  ConversationLogEntry: isOperator,
  Message: isSignedIn,
  Attachment: isSignedIn,
  AttachmentUpload: isSignedIn,
  Client: {
    '*': or(isSignedIn, isIssuedToCaller),
    originalName: isOperator,
    blacklisted: isOperator,
    notes: isOperator,
    pinnedOperator: isOperator,
    pinState: isOperator,
  },
  ClientNote: isOperator,
  MessageConnection: isSignedIn,
  MessageEdge: isSignedIn,
  PageInfo: isSignedIn,
  User: isSignedIn,
  Group: isOperator,
  ConversationConnection: isOperator,
  ConversationEdge: isOperator,
  QueueCounts: isOperator,
  GroupQueueCount: isOperator,
  VisitorSession: allow,
};
