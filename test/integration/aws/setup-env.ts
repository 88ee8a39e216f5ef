/** Per-file setup: point the AWS SDK at the tier's moto_server through the standard environment. */
import { inject } from 'vitest';
import { motoEnv } from './moto.js';

const endpoint = inject('motoEndpoint');
if (endpoint !== null) Object.assign(process.env, motoEnv(endpoint));
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
