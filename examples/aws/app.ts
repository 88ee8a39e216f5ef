/**
 * CDK app of the example: `npx cdk deploy -c alarmEmail=you@example.com` (see README.md).
 * Runs with `npx tsx app.ts`, as cdk.json says; no build step.
 */
import { App } from 'aws-cdk-lib';
import { buildExampleStack } from './stack.js';

const app = new App();
const email = app.node.tryGetContext('alarmEmail') as string | undefined;
buildExampleStack(app, 'SoswExample', {
  alarmEmails: email === undefined ? [] : [email],
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
