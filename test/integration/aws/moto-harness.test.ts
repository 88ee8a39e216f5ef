import { describe, expect, it } from 'vitest';
import { awsTierOff, motoEndpoint } from './helpers.js';
import { findFreePort, findMotoServer, motoEnv } from './moto.js';

describe('moto harness', () => {
  it('finds a free port on 127.0.0.1', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });

  it('returns null when moto_server is not on PATH', () => {
    expect(findMotoServer('/nonexistent-dir')).toBeNull();
  });

  it('builds the AWS environment for an endpoint', () => {
    expect(motoEnv('http://127.0.0.1:1')).toMatchObject({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1' });
  });

  describe.skipIf(awsTierOff())('with the server of this run', () => {
    it('exports the endpoint to the tests through the standard environment', async () => {
      const endpoint = motoEndpoint()!;
      expect(process.env.AWS_ENDPOINT_URL).toBe(endpoint);
      const response = await fetch(`${endpoint}/moto-api/config`);
      const config = (await response.json()) as { lambda?: { use_docker?: boolean } };
      expect(config.lambda?.use_docker).toBe(false);
    });
  });
});
