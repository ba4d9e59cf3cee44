const INPUT_SUFFIX = 'Input';

/**
 * The zod provider names a schema's request variant `<id>Input` beside its response variant `<id>`.
 * Where only the request variant is used (a request body), it takes the plain name back: a body
 * schema whose id is `CreateThingRequest` is named so in the document, not `CreateThingRequestInput`.
 */
export function plainRequestNames<T extends { components?: { schemas?: Record<string, unknown> } }>(document: T): T {
  const schemas = document.components?.schemas ?? {};
  const renames = Object.keys(schemas).flatMap((name) => {
    const plain = name.slice(0, -INPUT_SUFFIX.length);
    return name.endsWith(INPUT_SUFFIX) && !Object.hasOwn(schemas, plain) ? [[name, plain] as const] : [];
  });
  let text = JSON.stringify(document);
  for (const [name, plain] of renames) text = text.replaceAll(`"#/components/schemas/${name}"`, `"#/components/schemas/${plain}"`);
  const renamed = JSON.parse(text) as T;
  const renamedSchemas = renamed.components?.schemas;
  if (renamedSchemas === undefined) return renamed;
  const names = new Map<string, string>(renames);
  renamed.components = { ...renamed.components, schemas: Object.fromEntries(Object.entries(renamedSchemas).map(([name, schema]) => [names.get(name) ?? name, schema])) };
  return renamed;
}

/** The names of the component schemas that `value` refers to, directly. */
function referencedSchemas(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].flatMap((match) => (match[1] === undefined ? [] : [match[1]]));
}

/**
 * Only the component schemas an operation reaches, directly or through other schemas. The zod
 * provider registers an input and an output variant of every named schema; a request uses the one,
 * a response the other, and a schema no operation reaches would be read by generators as part of
 * the contract.
 */
export function reachableSchemas(paths: unknown, schemas: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const reached = new Set<string>();
  const pending = referencedSchemas(paths);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name) || !Object.hasOwn(schemas, name)) continue;
    reached.add(name);
    pending.push(...referencedSchemas(schemas[name]));
  }
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
}

/** Meta key of a query or path parameter whose text stands for another type (`limit=20`, `status=a,b`). */
export const WIRE_TYPE = 'x-wire-type';

/** How a parameter is documented when its text stands for an integer, a boolean or a comma list. */
export const wireType = {
  integer: (minimum: number, maximum: number) => ({ [WIRE_TYPE]: { type: 'integer', format: 'int32', minimum, maximum } }),
  boolean: () => ({ [WIRE_TYPE]: { type: 'boolean' } }),
  /** `a,b,c`: OpenAPI's `style: form, explode: false` array. */
  commaList: (item: Record<string, unknown>, maxItems: number) => ({ [WIRE_TYPE]: { type: 'array', items: item, maxItems, uniqueItems: true } }),
};

interface Parameter {
  in?: string;
  schema?: Record<string, unknown>;
  style?: string;
  explode?: boolean;
}

/**
 * Parameters validated as text are documented as what the text means, so generated clients type
 * them (an integer, a boolean, an array sent comma-separated) instead of a patterned string.
 */
export function documentWireTypes(operation: { parameters?: Parameter[] }): void {
  for (const parameter of operation.parameters ?? []) {
    const wire = parameter.schema?.[WIRE_TYPE] as Record<string, unknown> | undefined;
    if (wire === undefined || parameter.schema === undefined) continue;
    const { description, examples } = parameter.schema;
    parameter.schema = { ...wire, ...(description === undefined ? {} : { description }), ...(examples === undefined ? {} : { examples: wireExamples(wire, examples) }) };
    if (wire.type === 'array') Object.assign(parameter, { style: 'form', explode: false });
  }
}

function wireExamples(wire: Record<string, unknown>, examples: unknown): unknown {
  if (!Array.isArray(examples)) return undefined;
  if (wire.type === 'integer') return examples.map(Number);
  if (wire.type === 'array') return examples.map((example) => String(example).split(','));
  return examples;
}

/** Meta key of a member documented by another JSON schema than the one it is validated by (a shape its module checks). */
export const DOCUMENTED_AS = 'x-documented-as';

/** Documents a member as `schema` (a `oneOf` of its shapes, say), whatever the validator accepts before its module checks it. */
export const documentedAs = (schema: Readonly<Record<string, unknown>>) => ({ [DOCUMENTED_AS]: schema });

/** `value` with every schema that carries DOCUMENTED_AS replaced by the schema it names, keeping its description. */
export function documentedShapes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(documentedShapes);
  if (typeof value !== 'object' || value === null) return value;
  const schema = value as Record<string, unknown>;
  const shape = schema[DOCUMENTED_AS] as Record<string, unknown> | undefined;
  if (shape !== undefined) return { ...shape, ...(schema.description === undefined ? {} : { description: schema.description }) };
  return Object.fromEntries(Object.entries(schema).map(([key, member]) => [key, documentedShapes(member)]));
}
