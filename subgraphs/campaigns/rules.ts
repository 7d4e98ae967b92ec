import { allow } from 'graphql-shield';
import { hasCompanyPermission, isCompanyMember, isOperator } from '../../kernel/rules';

export const campaignsRules = {
  Query: {
    websites: isCompanyMember(),
    campaigns: isCompanyMember(),
    campaign: isOperator,
    widgetConfig: allow,
  },
  Mutation: {
    addWebsite: hasCompanyPermission('MANAGE_COMPANY'),
    createCampaign: hasCompanyPermission('MANAGE_COMPANY'),
    setCampaignOperators: hasCompanyPermission('MANAGE_COMPANY'),
    // Named by id alone: the service checks MANAGE_COMPANY in the owner's company.
    updateCampaign: isOperator,
    deleteCampaign: isOperator,
    removeWebsite: isOperator,
    setCampaignImage: isOperator,
    removeCampaignImage: isOperator,
    submitOfflineForm: allow,
    setCampaignRouting: isOperator,
  },
  Website: isOperator,
  Campaign: isOperator,
  User: isOperator,
  Group: isOperator,
  RoutingLevel: isOperator,
  ForwardingLevel: isOperator,
  WidgetConfig: allow,
  PreChat: allow,
  ChatWindow: allow,
  ChatColors: allow,
  CampaignImages: allow,
  MessengerLink: allow,
  ChatSettings: isOperator,
  FeedbackRequest: isOperator,
  QueueNotice: isOperator,
  ServiceLevels: isOperator,
  AutoForward: isOperator,
};
