#!/usr/bin/env python3
"""Writes definitions.json: the Platform vhost and one RabbitMQ user per role, each allowed only its own
queues and the message exchanges it consumes or publishes (MassTransit names an exchange after each
message type: Platform.Contracts:ExecuteStep). Run it again after adding a message type or a role.

    deploy/rabbitmq/make-definitions.py > deploy/rabbitmq/definitions.json

Passwords: each user's is PLATFORM_RABBITMQ_<ROLE>_PASSWORD from the environment, else the development
default "<role>-dev-password" (change it: rabbitmqctl change_password <role> NEW)."""
import base64, hashlib, json, os, sys

VHOST = "platform"
CONTRACTS = "Platform\\.Contracts"

# role: (queues of its own, message types it consumes, message types it publishes[, whether it consumes them by run])
# A client following one run binds its queue to that run's events only, through a topic exchange per message
# type (platform.by-run:TYPE, fed by the type's exchange; shared/Platform.ServiceDefaults/RunRouting.cs).
ROLES = {
    "coordinator": (["run-coordinator", "GetRunOutcome", "GetRunLogs", "StepLogs", "attempt-heartbeats-[0-9a-f]{32}",
                     # artifacts: an Executor offers a file (and its bytes when asked), or asks for one
                     "StoreArtifact", "GetArtifact"],
                    ["SubmitRun", "ResumeRun", "CancelRun", "StepStarted", "StepSucceeded", "StepFailed", "StepCancelled",
                     "AttemptsReported", "RunTimerDue", "AttemptsHeartbeat", "AttemptLeaseExpired", "GetRunOutcome",
                     "GetRunLogs", "StepLogs", "ApproveStep", "RunLocksGranted", "RunLocksLost", "RunLocksRefused", "WorkspaceLayersMerged",
                     "StoreArtifact", "GetArtifact"],
                    ["ExecuteStep", "CancelStep", "RunStarted", "RunFinished", "RunReportPage", "RunRejected", "RunProgressed",
                     "RunTimerDue", "ResumeRun", "AttemptLeaseExpired", "ApprovalAnswered",
                     # the lock table's answers to a run's saga; onLimit: cancel-running/cancel-queued cancel other runs
                     "RunLocksGranted", "RunLocksLost", "RunLocksRefused", "CancelRun",
                     # an isolated group's end: its branches' layers are merged by an Executor
                     "MergeWorkspaceLayers"]),
    # run-finished-INSTANCE: each Executor removes its own workspace of a run that ended (Executor:WorkspaceRoot).
    "executor": (["execute-step", "cancel-step(-[a-z0-9._-]+)?", "merge-workspace-layers", "run-finished-[a-z0-9._-]+"],
                 ["ExecuteStep", "CancelStep", "MergeWorkspaceLayers", "RunFinished"],
                 ["StepStarted", "StepSucceeded", "StepFailed", "StepCancelled", "AttemptsReported", "AttemptsHeartbeat", "StepLogs",
                  "WorkspaceLayersMerged", "StoreArtifact", "GetArtifact",
                  # a long step's resource use so far, for the progress lines of whoever follows the run
                  "StepResourcesSampled"]),
    "notifier": (["notifier"], ["RunFinished"], []),
    # ./platform run --broker …: submits, cancels, resumes, follows its run's events on a queue of its own,
    # asks a Coordinator for an outcome it may have missed or a run's stored output (the answers come to its
    # bus endpoint), with --logs reads steps' output live, and decides approval steps (./platform approve),
    # hearing whether the decision was applied.
    "client": (["platform-cli-[0-9a-f]{32}"],
               ["RunStarted", "RunProgressed", "RunFinished", "RunReportPage", "RunRejected", "StepLogs", "ApprovalAnswered",
                "StepResourcesSampled"],
               ["SubmitRun", "ResumeRun", "CancelRun", "GetRunOutcome", "GetRunLogs", "ApproveStep"],
               True),
}


def alternatives(names):
    return "|".join(names)


def permissions(queues, consumes, publishes, by_run=False):
    # Each endpoint is an exchange and a queue of the same name, with its _error and _skipped queues.
    own = f"({alternatives(queues)})(_error|_skipped)?"
    # MassTransit's per-bus reply endpoint (HOST_PROCESS_bus_RANDOM) and the faults it publishes.
    bus = "[A-Za-z0-9._-]+_bus_[A-Za-z0-9._-]+"
    faults = f"MassTransit:Fault--{CONTRACTS}:[A-Za-z]+--"
    def types(names):
        return f"{CONTRACTS}:({alternatives(sorted(set(names)))})" if names else None
    def regex(*parts):
        return "^(" + "|".join(p for p in parts if p) + ")$"
    # Declared by the follower, bound into from the type's exchange and out of to the follower's queue.
    followed = f"platform\\.by-run:({alternatives(sorted(set(consumes)))})" if by_run else None
    return {
        "configure": regex(own, types(consumes + publishes), followed, faults, bus),
        "write": regex(own, types(publishes), followed, faults, bus),
        "read": regex(own, types(consumes), followed, bus),
    }


def password_hash(password):
    # RabbitMQ's rabbit_password_hashing_sha256: base64(salt + sha256(salt + password)).
    salt = os.urandom(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


definitions = {
    "vhosts": [{"name": VHOST}],
    "users": [{"name": role, "password_hash": password_hash(os.environ.get(f"PLATFORM_RABBITMQ_{role.upper()}_PASSWORD", f"{role}-dev-password")),
               "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": []} for role in ROLES],
    "permissions": [{"user": role, "vhost": VHOST, **permissions(*spec)} for role, spec in ROLES.items()],
    # Garbage cannot pile up: refused and faulted messages are kept 7 days, at most 10,000 per queue.
    "policies": [{"vhost": VHOST, "name": "error-and-skipped-retention", "pattern": "_(error|skipped)$", "apply-to": "queues",
                  "priority": 0, "definition": {"message-ttl": 604800000, "max-length": 10000, "overflow": "drop-head"}}],
}
json.dump(definitions, sys.stdout, indent=2)
print()
