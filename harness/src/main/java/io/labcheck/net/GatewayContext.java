package io.labcheck.net;

import java.util.concurrent.ScheduledExecutorService;

/** What every port of one gateway shares: its settings, threads, open connections, timer and policy check. */
record GatewayContext(GatewayOptions options, Workers workers, LiveConnections live,
        ScheduledExecutorService timer, Admission admission) {
}
