import { Foundation1763700000000 } from './1763700000000-foundation';
import { Captcha1763800000000 } from './1763800000000-captcha';
import { AccountsComplete1763900000000 } from './1763900000000-accounts-complete';
import { Workspace1764000000000 } from './1764000000000-workspace';
import { WorkspaceTools1764100000000 } from './1764100000000-workspace-tools';
import { EventBackbone1764200000000 } from './1764200000000-event-backbone';
import { CampaignSettings1764300000000 } from './1764300000000-campaign-settings';
import { ChatSettings1764400000000 } from './1764400000000-chat-settings';
import { Routing1764500000000 } from './1764500000000-routing';
import { ChatButtons1764600000000 } from './1764600000000-chat-buttons';
import { Greetings1764700000000 } from './1764700000000-greetings';
import { PresenceConnections1764800000000 } from './1764800000000-presence-connections';
import { CampaignTools1764900000000 } from './1764900000000-campaign-tools';
import { SuccessCodes1765000000000 } from './1765000000000-success-codes';
import { Survey1765100000000 } from './1765100000000-survey';
import { SalesGoals1765200000000 } from './1765200000000-sales-goals';
import { GoogleAnalytics1765300000000 } from './1765300000000-google-analytics';
import { FollowUps1765400000000 } from './1765400000000-follow-ups';
import { Statistics1765500000000 } from './1765500000000-statistics';
import { Reports1765600000000 } from './1765600000000-reports';
import { ApiKeys1765700000000 } from './1765700000000-api-keys';
import { Webhooks1765800000000 } from './1765800000000-webhooks';
import { MessengerChannels1765900000000 } from './1765900000000-messenger-channels';
import { OutboxOrder1766000000000 } from './1766000000000-outbox-order';
import { OpenChatsIndex1766100000000 } from './1766100000000-open-chats-index';

/** Every migration, in order; run at start by kernel/database.ts. */
export const migrations = [
  Foundation1763700000000,
  Captcha1763800000000,
  AccountsComplete1763900000000,
  Workspace1764000000000,
  WorkspaceTools1764100000000,
  EventBackbone1764200000000,
  CampaignSettings1764300000000,
  ChatSettings1764400000000,
  Routing1764500000000,
  ChatButtons1764600000000,
  Greetings1764700000000,
  PresenceConnections1764800000000,
  CampaignTools1764900000000,
  SuccessCodes1765000000000,
  Survey1765100000000,
  SalesGoals1765200000000,
  GoogleAnalytics1765300000000,
  FollowUps1765400000000,
  Statistics1765500000000,
  Reports1765600000000,
  ApiKeys1765700000000,
  Webhooks1765800000000,
  MessengerChannels1765900000000,
  OutboxOrder1766000000000,
  OpenChatsIndex1766100000000,
];
