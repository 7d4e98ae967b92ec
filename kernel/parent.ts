import { createParameterDecorator } from 'type-graphql';

/**
 * A field resolver's parent object, as it is: use it where type-graphql's `@Root()` would go.
 * `@Root()` turns a parent that is not an instance of the parameter's class into a new instance,
 * copying every property, on every call; our mappers return plain objects, so an inbox page of 20
 * rows made such a copy for each row's every resolved field (2% of the page's time, plus garbage).
 * No object type of ours has methods or getters, so nothing needs the instance.
 */
export const Parent = () => createParameterDecorator(({ root }) => root);
