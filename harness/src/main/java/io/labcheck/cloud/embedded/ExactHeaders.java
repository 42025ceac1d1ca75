package io.labcheck.cloud.embedded;

import com.github.tomakehurst.wiremock.common.JettySettings;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;

import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * WireMock's own Jetty server, with header values handed on exactly as the client sent them. Jetty's header cache
 * matches common values regardless of case and hands back its own spelling ({@code charset=UTF-8} for the SDKs'
 * {@code charset=utf-8}); SigV4 signs the bytes sent, so a verified signature needs the client's spelling.
 */
final class ExactHeaders implements HttpServerFactory {

    @Override
    public HttpServer buildHttpServer(Options options, AdminRequestHandler admin, StubRequestHandler stub) {
        return new Jetty11HttpServer(options, admin, stub) {
            @Override
            protected ServerConnector createHttpConnector(String bindAddress, int port, JettySettings jettySettings,
                                                          NetworkTrafficListener listener) {
                ServerConnector connector = super.createHttpConnector(bindAddress, port, jettySettings, listener);
                connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                        .setHeaderCacheCaseSensitive(true);
                return connector;
            }
        };
    }
}
