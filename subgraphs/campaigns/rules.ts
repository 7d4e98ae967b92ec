import { allow } from 'graphql-shield';
import { hasCompanyPermission, isCompanyMember, isOperator } from '../../kernel/rules';

export const campaignsRules = {
  Query: {
    websites: isCompanyMember(),
    campaigns: isCompanyMember(),
    widgetConfig: allow,
  },
  Mutation: {
    addWebsite: hasCompanyPermission('MANAGE_COMPANY'),
    createCampaign: hasCompanyPermission('MANAGE_COMPANY'),
    setCampaignOperators: hasCompanyPermission('MANAGE_COMPANY'),
  },
  Website: isOperator,
  Campaign: isOperator,
  User: isOperator,
  WidgetConfig: allow,
};
