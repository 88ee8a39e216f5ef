"""moto_server whose DynamoDB answers one request at a time, for the AWS test tier.

moto 5 evaluates a ConditionExpression and applies the write in separate steps with no lock, and
moto_server serves requests on threads: two racing conditional writes to one item can both
succeed, which real DynamoDB never allows (each item write is atomic). The tier's racing tests
(concurrent claimers, overlapping Orchestrators) would then fail at random on a busy machine.
Serialising DynamoDB requests gives the atomicity DynamoDB guarantees; other services stay
threaded (an SQS long poll does not block DynamoDB).
Usage: python3 moto_serialized.py -H 127.0.0.1 -p 5000
"""
import sys
import threading

from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_lock = threading.Lock()
_call_action = DynamoHandler.call_action


def call_action(self):
    with _lock:
        return _call_action(self)


DynamoHandler.call_action = call_action

if __name__ == "__main__":
    main(sys.argv[1:])
