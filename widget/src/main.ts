import { Api, GraphError } from './api';
import { ReachSalesGoalMutation, StartSessionMutation, WidgetConfigQuery } from './operations';
import { Store } from './store';
import { Widget } from './widget';

/**
 * The embed code (Campaign.embedCode) loads this script with the widget key and the graph's
 * address as data attributes:
 *   <script async src="https://chat.example.com/widget.js" data-widget-key="…" data-graphql="https://chat.example.com/graphql"></script>
 */
async function boot(script: HTMLScriptElement): Promise<void> {
  const widgetKey = script.dataset.widgetKey;
  if (!widgetKey) return console.warn('livechat: the embed code has no data-widget-key');
  const api = new Api(script.dataset.graphql || new URL('/graphql', script.src).href);
  const language = navigator.language?.toLowerCase() || undefined;
  const { widgetConfig } = await api.request(WidgetConfigQuery, { widgetKey, language });
  const store = new Store(widgetKey);
  api.renewSession = async () => {
    api.token = null;
    const { startVisitorSession } = await api.request(StartSessionMutation, { widgetKey, pageUrl: location.href, language });
    api.token = startVisitorSession.token;
    store.set({ token: api.token, conversationId: undefined });
  };
  api.token = store.get('token') ?? null;
  if (!api.token) await api.renewSession();
  new Widget(api, store, widgetConfig, widgetKey, language).start();
  reportGoals(api);
}

type GoalReport = [goalId: string, value: number | string];

/**
 * A sales goal's snippet (SalesGoal.snippet) pushes [goalId, value] onto window.livechatGoals,
 * before or after this script loads: what is queued is reported now, later pushes at once.
 */
function reportGoals(api: Api): void {
  const host = window as unknown as { livechatGoals?: GoalReport[] | { push(report: GoalReport): void } };
  const report = ([goalId, value]: GoalReport) => void api.request(ReachSalesGoalMutation, { goalId: String(goalId), value: String(value) }).catch(() => undefined);
  const queued = Array.isArray(host.livechatGoals) ? host.livechatGoals : [];
  host.livechatGoals = { push: report };
  for (const item of queued) report(item);
}

const script = (document.currentScript ?? document.querySelector('script[data-widget-key]')) as HTMLScriptElement | null;
if (script) {
  const run = () =>
    boot(script).catch((error) => {
      // A site not among the campaign's websites, a deleted campaign: the widget stays away, and says why in the console.
      console.warn('livechat:', error instanceof GraphError ? `${error.code}: ${error.message}` : error);
    });
  if (document.body) void run();
  else document.addEventListener('DOMContentLoaded', () => void run());
}
