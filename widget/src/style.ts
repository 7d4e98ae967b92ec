/** The widget's own look, inside its shadow root so the host page's CSS and ours never mix. */
export const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; font: 14px/1.4 system-ui, sans-serif; }
.root { position: fixed; bottom: 16px; z-index: 2147483000; display: flex; flex-direction: column; gap: 8px; }
.root.right { right: 16px; align-items: flex-end; } .root.left { left: 16px; align-items: flex-start; }
button { cursor: pointer; border: 0; border-radius: 6px; padding: 8px 12px; background: var(--button, #2563eb); color: var(--button-text, #fff); }
button:disabled { opacity: .5; cursor: default; }
.launcher { border-radius: 24px; padding: 12px 18px; box-shadow: 0 2px 8px #0003; }
.greeting, .window { background: var(--bg); color: var(--fg); border-radius: 10px; box-shadow: 0 4px 16px #0003; }
.greeting { padding: 12px; max-width: 280px; } .greeting b { display: block; margin-bottom: 4px; }
.greeting .actions { display: flex; gap: 8px; margin-top: 8px; }
.window { width: 340px; height: 480px; display: flex; flex-direction: column; overflow: hidden; }
.header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: var(--accent, #2563eb); color: #fff; }
.header img { height: 24px; } .header .title { flex: 1; font-weight: 600; }
.header button { background: transparent; padding: 2px 6px; }
.messages { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; }
.message { display: flex; gap: 6px; align-items: flex-end; max-width: 85%; }
.message img { width: 24px; height: 24px; border-radius: 50%; }
.message .text { padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; word-break: break-word; }
.message.client { align-self: flex-end; flex-direction: row-reverse; } .message.client .text { background: var(--user, #dbeafe); color: #111; }
.message.operator .text { background: var(--operator, #f1f5f9); color: #111; }
.message.bot .text, .message.system .text { background: var(--bot, #fef9c3); color: #111; }
.reminder { animation: nudge 1.2s ease-in-out 3; } @keyframes nudge { 50% { transform: translateX(4px); } }
.typing { min-height: 18px; padding: 0 12px; font-size: 12px; opacity: .7; }
.panel { padding: 10px 12px; border-top: 1px solid #8883; display: flex; flex-direction: column; gap: 6px; }
.rating { flex-direction: row; flex-wrap: wrap; align-items: center; } .rating button { padding: 4px 8px; }
.composer { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #8883; }
textarea, input { flex: 1; resize: none; border: 1px solid #8886; border-radius: 6px; padding: 6px; background: var(--bg); color: var(--fg); }
.links { display: flex; gap: 8px; padding: 4px 12px 8px; font-size: 12px; } .links a { color: inherit; }
.error { color: #dc2626; font-size: 12px; }
`;
