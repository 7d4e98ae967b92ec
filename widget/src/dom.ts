import { pageMatches } from '../../subgraphs/campaigns/visitor-rules';

type Child = Node | string | null | undefined | false;

/** Makes an element: `h('button', { class: 'send', onclick }, 'Send')`. Text is always text, never HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value as EventListener);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Whether a page URL matches a list of URL prefixes (the server's rule); an empty list matches every page. */
export function pageMatchesAny(url: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => pageMatches(prefix, url));
}
