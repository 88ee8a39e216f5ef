/** The Logger port over Powertools for AWS Lambda's Logger: one structured JSON line per entry. */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from '../ports/logger.js';

/**
 * Adapt a Powertools Logger (service name and level from `POWERTOOLS_SERVICE_NAME` /
 * `POWERTOOLS_LOG_LEVEL`) to sosw's `(fields, message)` logger.
 *
 * @example
 * const logger = powertoolsLogger(new PowertoolsLogger({ serviceName: 'sosw_orchestrator' }));
 * logger.info({ invoked: 3 }, 'tick finished');
 */
export function powertoolsLogger(logger: PowertoolsLogger = new PowertoolsLogger()): Logger {
  return {
    debug: (fields, message): void => logger.debug(message, fields),
    info: (fields, message): void => logger.info(message, fields),
    warn: (fields, message): void => logger.warn(message, fields),
    error: (fields, message): void => logger.error(message, fields),
  };
}
