package io.labcheck.cloud.embedded;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;

/**
 * HTTP-level chaos on the embedded EC2 endpoint, switched on per test:
 * <pre>
 *   cloud.api().action("RunInstances").times(2).fail(ApiFault.THROTTLING);
 *   cloud.api().everyAction().delay(Duration.ofMillis(300));
 *   cloud.api().reset();
 * </pre>
 * Each selector is immutable; the terminal {@code fail}/{@code delay} installs a WireMock stub in front
 * of the emulator. {@link #calls(String)} counts what reached the endpoint, retries included.
 */
public final class ApiChaos {
    private static final int CHAOS_PRIORITY = 1;

    private final WireMockServer server;
    private final Ec2Emulator emulator;
    private final List<UUID> installed = new ArrayList<>();

    ApiChaos(WireMockServer server, Ec2Emulator emulator) {
        this.server = server;
        this.emulator = emulator;
    }

    /** Chaos for one EC2 action, e.g. {@code "RunInstances"}. */
    public Selector action(String action) {
        Objects.requireNonNull(action, "action");
        if (!emulator.supportedActions().contains(action)) {
            throw new IllegalArgumentException("'" + action + "' is not an action the embedded EC2 serves; use one of "
                    + emulator.supportedActions());
        }
        return new Selector(this, action, 0);
    }

    /** Chaos for every action. */
    public Selector everyAction() {
        return new Selector(this, null, 0);
    }

    /** Removes every chaos stub: the endpoint answers normally again. */
    public synchronized void reset() {
        for (UUID id : installed) {
            StubMapping stub = server.getSingleStubMapping(id);
            if (stub != null) {
                server.removeStub(stub);
            }
        }
        installed.clear();
        server.resetScenarios();
    }

    /** How many requests for {@code action} reached the endpoint since start, SDK retries included. */
    public int calls(String action) {
        return server.countRequestsMatching(pattern(action).build()).getCount();
    }

    private static RequestPatternBuilder pattern(String action) {
        RequestPatternBuilder p = anyRequestedFor(anyUrl());
        return action == null ? p : p.withRequestBody(matching(bodyRegex(action)));
    }

    private static String bodyRegex(String action) {
        return "(?s)(.*&)?Action=" + Pattern.quote(action) + "(&.*)?";
    }

    private synchronized void install(String action, int times, ResponseDefinitionBuilder response) {
        if (times <= 0) {
            installed.add(server.stubFor(base(action).willReturn(response)).getId());
            return;
        }
        String scenario = "labcheck-chaos-" + UUID.randomUUID();
        for (int n = 0; n < times; n++) {
            MappingBuilder stub = base(action).inScenario(scenario)
                    .whenScenarioStateIs(n == 0 ? Scenario.STARTED : "after-" + n)
                    .willSetStateTo("after-" + (n + 1))
                    .willReturn(response);
            installed.add(server.stubFor(stub).getId());
        }
    }

    private static MappingBuilder base(String action) {
        MappingBuilder b = any(anyUrl()).atPriority(CHAOS_PRIORITY);
        return action == null ? b : b.withRequestBody(matching(bodyRegex(action)));
    }

    /** Which requests chaos applies to, and how many times; immutable. */
    public static final class Selector {
        private final ApiChaos chaos;
        private final String action;
        private final int times;

        private Selector(ApiChaos chaos, String action, int times) {
            this.chaos = chaos;
            this.action = action;
            this.times = times;
        }

        /** Only the next {@code n} matching requests; later ones are answered normally. */
        public Selector times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be at least 1, got " + n);
            }
            return new Selector(chaos, action, n);
        }

        /** Matching requests fail with {@code fault} instead of reaching the emulator. */
        public void fail(ApiFault fault) {
            chaos.install(action, times, fault.response());
        }

        /**
         * Matching requests are answered by the emulator after {@code delay}. The stub proxies the
         * emulator's answer by transformer, so the delay adds to a real response.
         */
        public void delay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay cannot be negative: " + delay);
            }
            chaos.install(action, times, com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withTransformers(Ec2Responder.NAME)
                    .withFixedDelay((int) delay.toMillis()));
        }
    }
}
