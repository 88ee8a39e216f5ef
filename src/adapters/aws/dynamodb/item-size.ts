/** DynamoDB item sizing lives in core (the capacity model uses it too); re-exported for the adapter. */
export { DYNAMO_MAX_ITEM_BYTES, dynamoItemBytes, dynamoValueBytes } from '../../../core/cost/item-size.js';
