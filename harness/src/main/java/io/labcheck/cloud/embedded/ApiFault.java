package io.labcheck.cloud.embedded;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * Failures of the EC2 endpoint itself, as the SDK meets them on AWS: error documents with EC2's codes
 * and statuses (which the SDK retries or not by its own rules), and broken connections.
 */
public enum ApiFault {
    /** 503 {@code RequestLimitExceeded}: EC2's throttling; the SDK backs off and retries. */
    THROTTLING(503, "RequestLimitExceeded", "Request limit exceeded."),
    /** 500 {@code InternalError}: retried by the SDK. */
    INTERNAL_ERROR(500, "InternalError", "An internal error has occurred"),
    /** 503 {@code Unavailable}: the service is overloaded; retried by the SDK. */
    UNAVAILABLE(503, "Unavailable", "The server is overloaded and can't handle the request"),
    /** The connection is reset before any response. */
    CONNECTION_RESET(Fault.CONNECTION_RESET_BY_PEER),
    /** The connection closes without a response. */
    EMPTY_RESPONSE(Fault.EMPTY_RESPONSE);

    private final int status;
    private final String code;
    private final String message;
    private final Fault connectionFault;

    ApiFault(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
        this.connectionFault = null;
    }

    ApiFault(Fault connectionFault) {
        this.status = 0;
        this.code = null;
        this.message = null;
        this.connectionFault = connectionFault;
    }

    /** The EC2 error code the SDK reports, or null for a connection-level fault. */
    public String errorCode() {
        return code;
    }

    public int httpStatus() {
        return status;
    }

    ResponseDefinitionBuilder response() {
        if (connectionFault != null) {
            return aResponse().withFault(connectionFault);
        }
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody(Xml.errorDocument(code, message, Ids.requestId()));
    }
}
