/**
 * Builds DynamoDB expressions with placeholders for every attribute name and value, so remapped
 * field names and reserved words are always safe. Pure: one builder per operation input.
 */
export class Expression {
  readonly #names: Record<string, string> = {};
  readonly #values: Record<string, unknown> = {};
  readonly #byName = new Map<string, string>();
  #valueCount = 0;

  /** Placeholder for an attribute name (`#n0`), reused for the same name. */
  public name(attribute: string): string {
    let placeholder = this.#byName.get(attribute);
    if (placeholder === undefined) {
      placeholder = `#n${this.#byName.size}`;
      this.#byName.set(attribute, placeholder);
      this.#names[placeholder] = attribute;
    }
    return placeholder;
  }

  /** Placeholder for a value (`:v0`), a new one each call. */
  public value(value: unknown): string {
    const placeholder = `:v${this.#valueCount++}`;
    this.#values[placeholder] = value;
    return placeholder;
  }

  public exists(attribute: string): string {
    return `attribute_exists(${this.name(attribute)})`;
  }

  public notExists(attribute: string): string {
    return `attribute_not_exists(${this.name(attribute)})`;
  }

  public compare(attribute: string, operator: '=' | '<' | '<=' | '>' | '>=' | '<>', value: unknown): string {
    return `${this.name(attribute)} ${operator} ${this.value(value)}`;
  }

  public between(attribute: string, low: unknown, high: unknown): string {
    return `${this.name(attribute)} BETWEEN ${this.value(low)} AND ${this.value(high)}`;
  }

  /** `ExpressionAttributeNames` / `ExpressionAttributeValues`, omitting empty maps (DynamoDB rejects them). */
  public attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    const out: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } = {};
    if (this.#byName.size > 0) out.ExpressionAttributeNames = { ...this.#names };
    if (this.#valueCount > 0) out.ExpressionAttributeValues = { ...this.#values };
    return out;
  }
}

/** Join condition fragments with AND. */
export function and(...fragments: readonly (string | undefined)[]): string {
  return fragments.filter((f): f is string => f !== undefined && f !== '').join(' AND ');
}

/** A projection of the given attributes (`#n0, #n1`). */
export function projection(expression: Expression, attributes: readonly string[]): string {
  return attributes.map((a) => expression.name(a)).join(', ');
}
