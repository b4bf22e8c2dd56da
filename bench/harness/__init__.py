"""bench/run's parts: provisioning, workloads, metrics, peers, the load generator, the report."""
