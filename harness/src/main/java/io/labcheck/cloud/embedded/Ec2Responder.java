package io.labcheck.cloud.embedded;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;


/** Lets WireMock answer every request that no chaos stub took with the emulator's response. */
final class Ec2Responder implements ResponseDefinitionTransformerV2 {
    static final String NAME = "labcheck-ec2";

    private final Ec2Emulator emulator;

    Ec2Responder(Ec2Emulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        String url = request.getUrl();
        int q = url.indexOf('?');
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        for (var h : request.getHeaders().all()) {
            headers.put(h.key().toLowerCase(java.util.Locale.ROOT), String.join(",", h.values()));
        }
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody();
        Ec2Emulator.Answer answer = emulator.handle(new SignedRequest(request.getMethod().value(),
                q < 0 ? url : url.substring(0, q), q < 0 ? null : url.substring(q + 1), headers, body));
        // like(...) keeps what a chaos stub added in front of the emulator (a fixed delay).
        return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).but()
                .withStatus(answer.status())
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withHeader("Server", "AmazonEC2")
                .withBody(answer.body())
                .build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
