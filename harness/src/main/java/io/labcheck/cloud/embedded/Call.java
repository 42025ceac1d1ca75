package io.labcheck.cloud.embedded;

import java.time.Instant;

/** One API call being answered: the caller's region, the request, and the clock reading for it. */
record Call(RegionState region, QueryRequest request, Instant now, InstanceTimings timings, AddressPool pool,
            InstanceLifecycle lifecycle, String requestId) {

    /** Hands a transition to the data plane; the instance keeps its transitional state until it is done. */
    void backTransition(InstanceRecord instance, java.util.function.Function<InstanceView, java.util.concurrent.CompletionStage<Void>> step) {
        java.util.concurrent.CompletableFuture<Void> done;
        try {
            done = step.apply(InstanceView.of(instance, region)).toCompletableFuture();
        } catch (RuntimeException e) {
            done = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        instance.backing = done;
    }

    Xml response() {
        return Xml.element(request.action() + "Response").add("requestId", requestId);
    }

    Xml returnTrue() {
        return response().add("return", "true");
    }
}
