/**
 * The part of an AWS Lambda invocation context that sosw reads. It is structurally a subset of
 * `Context` from `@types/aws-lambda`, so a real Lambda context (or the embedded runtime's) fits,
 * and users need no `@types/aws-lambda` to type-check against sosw.
 */
export interface LambdaContext {
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly awsRequestId: string;
  readonly logStreamName: string;
  getRemainingTimeInMillis(): number;
}
