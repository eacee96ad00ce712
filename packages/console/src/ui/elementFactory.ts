/** A child of an element: text (never parsed as HTML), a node, or nothing. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/**
 * Attributes, properties and listeners: `on<event>` takes a listener; `value`, `checked`, `disabled` and
 * `hidden` are set as properties, after the children (so a select's `value` picks its option); anything
 * else is an attribute (`false`, `null` and `undefined` leave it out).
 */
export type Props = { readonly [name: string]: unknown };

/** Creates an element: `h('p', { class: 'note' }, 'text', child)`. */
export type ElementFactory = <Tag extends keyof HTMLElementTagNameMap>(tag: Tag, props?: Props | null, ...children: Child[]) => HTMLElementTagNameMap[Tag];

const properties = new Set(['value', 'checked', 'disabled', 'hidden']);

/**
 * The console's whole rendering helper: elements built from data, every string added as a text node, so
 * that metadata holding markup is shown, never run.
 */
export function elementFactory(document: Document): ElementFactory {
  return (tag, props, ...children) => {
    const element = document.createElement(tag);
    // Children first: a select's value picks among its options.
    appendChildren(element, children);
    for (const [name, value] of Object.entries(props ?? {})) {
      if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener);
      else if (properties.has(name)) (element as unknown as Record<string, unknown>)[name] = value;
      else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, value === true ? '' : String(value));
    }
    return element;
  };
}

/** Appends `child` to `parent`: arrays flattened, nothing for `null`, `undefined` and `false`, text as text nodes. */
export function appendChildren(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) for (const item of child as readonly Child[]) appendChildren(parent, item);
  else parent.appendChild(typeof child === 'object' ? (child as Node) : parent.ownerDocument!.createTextNode(String(child)));
}

/** Replaces what `parent` holds with `children`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  appendChildren(parent, children);
}
