/**
 * `trim_arn_to_name` (spec components.md 3): the resource name of an ARN, without a qualifier.
 *
 * @example
 * trimArnToName('arn:aws:lambda:us-west-2:000000000000:function:bar:$LATEST'); // 'bar'
 */
export function trimArnToName(arn: string): string {
  const colons = arn.split(':').length - 1;
  if (colons < 6 && !arn.includes('/')) return arn.slice(arn.lastIndexOf(':') + 1);
  const match = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:[^:/]+[:/]([^:/]+)/.exec(arn);
  return match?.[1] ?? arn.slice(arn.lastIndexOf(':') + 1);
}
