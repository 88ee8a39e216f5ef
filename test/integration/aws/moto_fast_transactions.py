"""moto_server with a faster TransactWriteItems, for bench/dynamo-cost.bench.ts only.

moto 5.x deep-copies a whole table once per transaction *item* to be able to roll back, and rolls
back by swapping the table object (which loses concurrent writes and answers 500 under load). That
makes a 10,000-task job take hours. This launcher replaces it, for transactions of Put / Delete /
Update / ConditionCheck, by "check every condition first, then apply" under a lock: the same
outcomes and cancellation reasons (items of one transaction are distinct, as DynamoDB requires),
no copies. Request counts are unaffected.
Usage: python3 moto_fast_transactions.py -H 127.0.0.1 -p 5000
"""
import sys
import threading

from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend
from moto.server import main

_original = DynamoDBBackend.transact_write_items
_lock = threading.RLock()


def _key(backend, op_type, op):
    if op_type != "Put":
        return op["Key"]
    table = backend.get_table(op["TableName"])
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


def transact_write_items(self, transact_items):
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
    if any(next(iter(item)) not in ("Put", "Delete", "Update", "ConditionCheck") for item in transact_items):
        with _lock:
            return _original(self, transact_items)
    with _lock:
        seen = set()
        errors = []
        for item in transact_items:
            op_type, op = next(iter(item.items()))
            key = _key(self, op_type, op)
            unique = (op["TableName"], str(dict(sorted(key.items()))))
            if unique in seen:
                raise MultipleTransactionsException()
            seen.add(unique)
            current = self.get_item(op["TableName"], key)
            condition = op.get("ConditionExpression")
            if condition is not None and not get_filter_expression(
                condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            ).expr(current):
                old = None
                if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                    old = current.to_json()["Attributes"]
                errors.append(("ConditionalCheckFailed", "The conditional request failed", old))
            else:
                errors.append((None, None, None))
        if any(code is not None for code, _, _ in errors):
            raise TransactionCanceledException(errors)
        for item in transact_items:
            op_type, op = next(iter(item.items()))
            if op_type == "Put":
                self.put_item(op["TableName"], op["Item"])
            elif op_type == "Delete":
                self.delete_item(op["TableName"], op["Key"])
            elif op_type == "Update":
                self.update_item(
                    op["TableName"],
                    op["Key"],
                    update_expression=op["UpdateExpression"],
                    expression_attribute_names=op.get("ExpressionAttributeNames"),
                    expression_attribute_values=op.get("ExpressionAttributeValues"),
                )


DynamoDBBackend.transact_write_items = transact_write_items

if __name__ == "__main__":
    main(sys.argv[1:])
