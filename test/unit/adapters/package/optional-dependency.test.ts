import { describe, expect, it } from 'vitest';
import {
  AWS_FEATURE,
  CDK_FEATURE,
  dependencyMissing,
  importOptional,
  installLine,
  missingPackage,
  requireOptional,
  SQLITE_FEATURE,
} from '../../../../src/adapters/optional-dependency.js';
import { SoswError } from '../../../../src/core/errors.js';

const NOT_INSTALLED = 'sosw-test-not-installed-package';
const feature = { feature: 'The test feature', packages: [NOT_INSTALLED, 'other-package'] };

/** The error Node's ESM loader throws for a bare specifier that is not installed. */
function esmNotFound(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /app/node_modules/sosw/dist/aws-composition.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

describe('dependency.missing', () => {
  it('turns a real require() of a missing package into a coded error naming the npm install line', () => {
    let thrown: unknown;
    try {
      requireOptional(NOT_INSTALLED, feature);
    } catch (error) {
      thrown = error;
    }
    expect(SoswError.is(thrown, 'dependency.missing')).toBe(true);
    const error = thrown as SoswError;
    expect(error.message).toBe(
      `The test feature needs the package ${NOT_INSTALLED}, which is not installed. Run \`npm install ${NOT_INSTALLED} other-package\`.`,
    );
    expect(error.details).toMatchObject({ package: NOT_INSTALLED, install: `npm install ${NOT_INSTALLED} other-package` });
  });

  it('turns an ESM import of a missing SDK client into the AWS install line', async () => {
    const failing = importOptional(() => Promise.reject(esmNotFound('@aws-sdk/client-cloudwatch')), AWS_FEATURE);
    await expect(failing).rejects.toMatchObject({
      code: 'dependency.missing',
      message: expect.stringContaining(`Run \`${installLine(AWS_FEATURE)}\``),
    });
    expect(installLine(AWS_FEATURE)).toMatch(/^npm install @aws-sdk\/client-dynamodb .*@aws-sdk\/client-cloudwatch$/);
  });

  it('names build-time tools as dev dependencies', () => {
    expect(installLine(CDK_FEATURE)).toMatch(/^npm install --save-dev aws-cdk-lib constructs esbuild /);
    expect(installLine(SQLITE_FEATURE)).toBe('npm install better-sqlite3');
  });

  it('leaves other failures alone: a package outside the feature, a missing relative file, any other error', async () => {
    expect(dependencyMissing(esmNotFound('left-pad'), feature)).toBeUndefined();
    const relative = Object.assign(new Error("Cannot find module '/app/dist/lambda/x.js' imported from /app/dist/cdk.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(missingPackage(relative)).toBeUndefined();
    const boom = new Error('boom');
    await expect(importOptional(() => Promise.reject(boom), feature)).rejects.toBe(boom);
    expect(missingPackage(esmNotFound('@aws-sdk/client-s3'))).toBe('@aws-sdk/client-s3');
  });
});
