import { ArgumentNode, DocumentNode, FieldNode, FragmentDefinitionNode, Kind, parseType, SelectionSetNode, TypeNode, VariableDefinitionNode, visit } from 'graphql';

/** What a subscriber asked for under the subscription's root field, and with which variables. */
export interface ClientSelection {
  selectionSet: SelectionSetNode;
  fragments: FragmentDefinitionNode[];
  variableDefinitions: readonly VariableDefinitionNode[];
  variables: Record<string, unknown>;
}

type Payload = Record<string, unknown>;

/**
 * True when every field the client selected is a plain field the event payload carries, so the
 * result can be built from the payload with no follow-up query.
 */
export function payloadCovers(selection: ClientSelection, selectionSet: SelectionSetNode, payload: Payload, typeName: string): boolean {
  return selectionSet.selections.every((node) => {
    if (node.directives?.length) return false;
    if (node.kind === Kind.FIELD) {
      if (node.selectionSet || node.arguments?.length) return false;
      return node.name.value === '__typename' || node.name.value in payload;
    }
    if (node.kind === Kind.INLINE_FRAGMENT) {
      return (!node.typeCondition || node.typeCondition.name.value === typeName) && payloadCovers(selection, node.selectionSet, payload, typeName);
    }
    const fragment = selection.fragments.find((f) => f.name.value === node.name.value);
    return !!fragment && fragment.typeCondition.name.value === typeName && payloadCovers(selection, fragment.selectionSet, payload, typeName);
  });
}

/** Builds the response object from the payload, honouring aliases (call only when payloadCovers). */
export function projectPayload(selection: ClientSelection, selectionSet: SelectionSetNode, payload: Payload, typeName: string, into: Payload = {}): Payload {
  for (const node of selectionSet.selections) {
    if (node.kind === Kind.FIELD) {
      into[node.alias?.value ?? node.name.value] = node.name.value === '__typename' ? typeName : payload[node.name.value];
    } else if (node.kind === Kind.INLINE_FRAGMENT) {
      projectPayload(selection, node.selectionSet, payload, typeName, into);
    } else {
      const fragment = selection.fragments.find((f) => f.name.value === node.name.value)!;
      projectPayload(selection, fragment.selectionSet, payload, typeName, into);
    }
  }
  return into;
}

/** Where the follow-up query finds the subscription's object: `message(id: $__key)`-style root fields. */
export interface RootLookup {
  field: string;
  /** Arguments of the root field, each passed as a variable of the given type. */
  args: { name: string; type: string; value: unknown }[];
  /** Wraps the client's selection, e.g. `messages(...) { edges { node { <selection> } } }`. */
  wrap?: (selectionSet: SelectionSetNode) => SelectionSetNode;
  /** Further variables the wrapper's fields use, passed as `$subscription_<name>`. */
  wrapVariables?: { name: string; type: string; value: unknown }[];
}

export const ROOT_ALIAS = 'subscriptionRoot';
/** The follow-up's own variables; a subscription may not declare variables with this prefix. */
export const FOLLOW_UP_VARIABLE_PREFIX = 'subscription_';

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const variable = (value: string) => ({ kind: Kind.VARIABLE, name: name(value) }) as const;

export function field(fieldName: string, options: { alias?: string; args?: ArgumentNode[]; selectionSet?: SelectionSetNode } = {}): FieldNode {
  return {
    kind: Kind.FIELD,
    alias: options.alias ? name(options.alias) : undefined,
    name: name(fieldName),
    arguments: options.args ?? [],
    selectionSet: options.selectionSet,
  };
}

export function argument(argName: string, variableName: string): ArgumentNode {
  return { kind: Kind.ARGUMENT, name: name(argName), value: variable(variableName) };
}

export function selectionSet(...fields: FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: fields };
}

/** The variables a selection (and the fragments it spreads) really uses. */
function usedVariables(selection: ClientSelection, root: SelectionSetNode): Set<string> {
  const used = new Set<string>();
  const seenFragments = new Set<string>();
  const walk = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable: (v) => {
        used.add(v.name.value);
      },
      FragmentSpread: (spread) => {
        if (seenFragments.has(spread.name.value)) return;
        seenFragments.add(spread.name.value);
        const fragment = selection.fragments.find((f) => f.name.value === spread.name.value);
        if (fragment) walk(fragment);
      },
    });
  walk(root);
  return used;
}

/**
 * The follow-up query as a document, never as a string: the client's own selection set under a
 * root lookup, with the fragments and variables it uses.
 */
export function followUpQuery(selection: ClientSelection, lookup: RootLookup): { document: DocumentNode; variables: Record<string, unknown> } {
  const inner = lookup.wrap ? lookup.wrap(selection.selectionSet) : selection.selectionSet;
  // Only the client's own selection uses the client's variables; the lookup's and the wrapper's
  // variables are set below (reading them from the client's would blank them).
  const used = usedVariables(selection, selection.selectionSet);
  const ownVariables = [...lookup.args, ...(lookup.wrapVariables ?? [])];
  const lookupVariables: VariableDefinitionNode[] = ownVariables.map((arg) => ({
    kind: Kind.VARIABLE_DEFINITION,
    variable: variable(FOLLOW_UP_VARIABLE_PREFIX + arg.name),
    type: parseType(arg.type) as TypeNode,
  }));
  const variables: Record<string, unknown> = {};
  for (const arg of ownVariables) variables[FOLLOW_UP_VARIABLE_PREFIX + arg.name] = arg.value;
  for (const name of used) variables[name] = selection.variables[name];
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as never,
        name: name('SubscriptionFollowUp'),
        variableDefinitions: [...lookupVariables, ...selection.variableDefinitions.filter((d) => used.has(d.variable.name.value))],
        selectionSet: selectionSet(
          field(lookup.field, {
            alias: ROOT_ALIAS,
            args: lookup.args.map((arg) => argument(arg.name, FOLLOW_UP_VARIABLE_PREFIX + arg.name)),
            selectionSet: inner,
          }),
        ),
      },
      ...selection.fragments,
    ],
  };
  return { document, variables };
}
