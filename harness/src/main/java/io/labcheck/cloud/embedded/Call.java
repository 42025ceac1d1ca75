package io.labcheck.cloud.embedded;

import java.time.Instant;

/** One API call being answered: the caller's region, the request, and the clock reading for it. */
record Call(RegionState region, QueryRequest request, Instant now, InstanceTimings timings, AddressPool pool,
            String requestId) {

    Xml response() {
        return Xml.element(request.action() + "Response").add("requestId", requestId);
    }

    Xml returnTrue() {
        return response().add("return", "true");
    }
}
