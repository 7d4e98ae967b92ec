import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { RouteHandler } from '../kernel/http';

/**
 * The pages our mails link to, so no link we send is a 404: small server-rendered forms whose few
 * lines of script call the graph at /graphql, like any other client.
 *   /set-password?token=…    registration (and invited accounts): choose a password
 *   /reset-password?token=…  "forgot password": choose a new one
 *   /operator-companies      sign in, then accept or decline invitations to companies
 *   /conversations/<id>      a conversation's stable link: sign in, then its transcript and access log
 *   /                        sign in, invitations, change password (the welcome mail's address)
 * In development (INTROSPECTION on) /graphiql serves GraphiQL from the project's own node_modules,
 * so it works offline (Apollo's landing page loads from a CDN).
 */
export function pageRoutes(options: { graphiql: boolean }): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {
    '/set-password': (_req, res) => sendPage(res, 'Set your password', passwordForm('setPassword', 'Your password is set and you are signed in. Open your operator app to start.')),
    '/reset-password': (_req, res) => sendPage(res, 'Choose a new password', passwordForm('resetPassword', 'Your password is changed; your other devices were signed out.')),
    '/operator-companies': (_req, res) => sendPage(res, 'Operator companies', ACCOUNT_PAGE),
    '/conversations/*': (_req, res) => sendPage(res, 'Conversation', CONVERSATION_PAGE),
    '/': (_req, res) => sendPage(res, 'Live chat', ACCOUNT_PAGE + (options.graphiql ? '<p><a href="/graphiql">GraphiQL</a>: explore the graph</p>' : '')),
  };
  if (!options.graphiql) return routes;
  const assets: Record<string, [module: string, file: string, type: string]> = {
    'react.js': ['react', 'umd/react.production.min.js', 'text/javascript'],
    'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js', 'text/javascript'],
    'graphiql.js': ['graphiql', 'graphiql.min.js', 'text/javascript'],
    'graphiql.css': ['graphiql', 'graphiql.min.css', 'text/css'],
  };
  routes['/graphiql'] = (_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(GRAPHIQL_PAGE);
  };
  routes['/graphiql/*'] = (req, res) => {
    const asset = assets[new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2] ?? ''];
    const path = asset && moduleFile(asset[0], asset[1]);
    if (!asset || !path) {
      res.statusCode = 404;
      res.end('GraphiQL is a development dependency: npm install without --omit=dev');
      return;
    }
    res.setHeader('content-type', `${asset[2]}; charset=utf-8`);
    res.setHeader('cache-control', 'public, max-age=86400');
    res.end(readFileSync(path));
  };
  return routes;
}

function moduleFile(name: string, file: string): string | null {
  try {
    const path = join(require.resolve(`${name}/package.json`), '..', file);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function sendPage(res: ServerResponse, title: string, body: string): void {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cache-control', 'no-store');
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head><body><main><h1>${title}</h1>${body}</main><script>${CALL_GRAPH}</script></body></html>`);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;background:#f8fafc;color:#111;margin:0}main{max-width:420px;margin:48px auto;padding:24px;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0001}
label{display:block;margin:12px 0 4px}input{width:100%;box-sizing:border-box;padding:8px;border:1px solid #cbd5e1;border-radius:6px}
button{margin-top:16px;padding:8px 16px;border:0;border-radius:6px;background:#2563eb;color:#fff;cursor:pointer}.error{color:#dc2626}.done{color:#15803d}
li{margin:8px 0}li button{margin:0 0 0 8px;padding:4px 10px}li.event{color:#64748b;font-style:italic}`;

/** The one way these pages reach the graph: POST /graphql, errors shown by their message. */
const CALL_GRAPH = `
async function callGraph(query, variables, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
  return body.data;
}
function show(id, text, kind) { const el = document.getElementById(id); el.textContent = text; el.className = kind; }
`;

function passwordForm(mutation: 'setPassword' | 'resetPassword', done: string): string {
  return `<form id="form"><label for="password">New password</label><input id="password" type="password" autocomplete="new-password" required minlength="8">
<label for="repeat">Repeat it</label><input id="repeat" type="password" autocomplete="new-password" required>
<button type="submit">Save password</button></form><p id="result" role="status"></p>
<script>
document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = document.getElementById('password').value;
  if (password !== document.getElementById('repeat').value) return show('result', 'The two passwords differ.', 'error');
  const token = new URLSearchParams(location.search).get('token') || '';
  try {
    await callGraph('mutation ($token: String!, $password: String!) { ${mutation}(token: $token, password: $password) { token } }', { token, password });
    document.getElementById('form').remove();
    show('result', ${JSON.stringify(done)}, 'done');
  } catch (error) { show('result', error.message, 'error'); }
});
</script>`;
}

/**
 * The sign-in form the signed-in pages share: the session's token stays in sessionStorage, and
 * \`load()\` (each page's own) runs once there is one.
 */
const SIGN_IN_FORM = `<form id="signin"><label for="email">Email</label><input id="email" type="email" autocomplete="username" required>
<label for="pw">Password</label><input id="pw" type="password" autocomplete="current-password" required><button type="submit">Sign in</button></form>`;
const SIGN_IN_SCRIPT = `
let token = sessionStorage.getItem('livechat-token');
document.getElementById('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const data = await callGraph('mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      { email: document.getElementById('email').value, password: document.getElementById('pw').value });
    token = data.login.token;
    sessionStorage.setItem('livechat-token', token);
    show('result', '', '');
    await load();
  } catch (error) { show('result', error.message, 'error'); }
});
if (token) load().catch((error) => show('result', error.message, 'error'));`;

/** Sign in; then the viewer's invitations (accept or decline) and a password change. */
const ACCOUNT_PAGE = `${SIGN_IN_FORM}
<section id="account" hidden><p id="who"></p><h2>Invitations</h2><ul id="invitations"></ul>
<h2>Change password</h2><form id="change"><label for="old">Current password</label><input id="old" type="password" required>
<label for="new">New password</label><input id="new" type="password" required minlength="8"><button type="submit">Change password</button></form></section>
<p id="result" role="status"></p>
<script>
async function load() {
  const data = await callGraph('{ me { email name } myInvitations { id status company { name } } }', {}, token);
  if (!data.me) { sessionStorage.removeItem('livechat-token'); token = null; return; }
  document.getElementById('signin').hidden = true;
  document.getElementById('account').hidden = false;
  document.getElementById('who').textContent = 'Signed in as ' + data.me.name + ' (' + data.me.email + ')';
  const list = document.getElementById('invitations');
  list.replaceChildren();
  const pending = data.myInvitations.filter((invitation) => invitation.status === 'PENDING');
  if (!pending.length) list.append(Object.assign(document.createElement('li'), { textContent: 'No invitations waiting.' }));
  for (const invitation of pending) {
    const item = document.createElement('li');
    item.textContent = invitation.company.name;
    for (const [label, mutation] of [['Accept', 'acceptInvitation'], ['Decline', 'declineInvitation']]) {
      const button = Object.assign(document.createElement('button'), { textContent: label });
      button.addEventListener('click', async () => {
        try {
          await callGraph('mutation ($id: ID!) { ' + mutation + '(invitationId: $id) { __typename } }', { id: invitation.id }, token);
          show('result', (label === 'Accept' ? 'You joined ' : 'You declined ') + invitation.company.name + '.', 'done');
          await load();
        } catch (error) { show('result', error.message, 'error'); }
      });
      item.append(button);
    }
    list.append(item);
  }
}
document.getElementById('change').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await callGraph('mutation ($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) }',
      { old: document.getElementById('old').value, new: document.getElementById('new').value }, token);
    show('result', 'Your password is changed; your other devices were signed out.', 'done');
  } catch (error) { show('result', error.message, 'error'); }
});
${SIGN_IN_SCRIPT}
</script>`;

/**
 * A conversation's stable link (reports and mails point here): after signing in, its visitor,
 * status and times, then its transcript: every message and every movement of the access log
 * (taken, transferred, returned, closed: by whom and when), in the order they happened.
 */
const CONVERSATION_PAGE = `${SIGN_IN_FORM}
<section id="conversation" hidden><p id="summary"></p><ol id="timeline"></ol></section>
<p id="result" role="status"></p>
<script>
const conversationId = decodeURIComponent(location.pathname.split('/')[2] || '');
const CONVERSATION = 'query ($id: ID!, $after: String) { conversation(id: $id) { id status createdAt closedAt durationSeconds proactive'
  + ' client { name } operator { displayName } log { kind actor { displayName } at }'
  + ' messages(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { authorKind text createdAt operator { displayName } } } } } }';
async function load() {
  let after = null;
  let conversation = null;
  const messages = [];
  do {
    const data = await callGraph(CONVERSATION, { id: conversationId, after }, token);
    conversation = data.conversation;
    if (!conversation) { show('result', 'This conversation does not exist, or belongs to a company you are not in.', 'error'); return; }
    messages.push(...conversation.messages.edges.map((edge) => edge.node));
    after = conversation.messages.pageInfo.hasNextPage ? conversation.messages.pageInfo.endCursor : null;
  } while (after);
  document.getElementById('signin').hidden = true;
  document.getElementById('conversation').hidden = false;
  const time = (at) => new Date(at).toLocaleString();
  document.getElementById('summary').textContent = conversation.client.name + ': ' + conversation.status
    + (conversation.proactive ? ' (proactive)' : '') + ', opened ' + time(conversation.createdAt)
    + (conversation.closedAt ? ', closed ' + time(conversation.closedAt) + ' after ' + conversation.durationSeconds + ' s' : '');
  const entries = [
    ...messages.map((m) => ({ at: m.createdAt, kind: 'message', text: (m.authorKind === 'CLIENT' ? conversation.client.name : m.operator ? m.operator.displayName : m.authorKind.toLowerCase()) + ': ' + m.text })),
    ...conversation.log.map((e) => ({ at: e.at, kind: 'event', text: e.kind.toLowerCase().replace(/_/g, ' ') + (e.actor ? ' by ' + e.actor.displayName : '') })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const list = document.getElementById('timeline');
  list.replaceChildren(...entries.map((entry) => Object.assign(document.createElement('li'), { className: entry.kind, textContent: time(entry.at) + ' ' + entry.text })));
}
${SIGN_IN_SCRIPT}
</script>`;

const GRAPHIQL_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.css"><style>body{margin:0;height:100vh}#graphiql{height:100vh}</style></head>
<body><div id="graphiql">Loading…</div>
<script src="/graphiql/react.js"></script><script src="/graphiql/react-dom.js"></script><script src="/graphiql/graphiql.js"></script>
<script>
// Queries and mutations; put {"authorization": "Bearer <token>"} in the Headers tab to act as someone.
const fetcher = GraphiQL.createFetcher({ url: location.origin + '/graphql' });
const defaultQuery = ${JSON.stringify('# Sign in with the login mutation, then send its token in the Headers tab.\n{\n  me { id email }\n}\n')};
ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }));
</script></body></html>`;
