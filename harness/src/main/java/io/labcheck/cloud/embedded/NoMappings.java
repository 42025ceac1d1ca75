package io.labcheck.cloud.embedded;

import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;

import java.util.List;
import java.util.UUID;

/** Keeps WireMock from loading or saving mapping files in whatever directory the JVM started in. */
final class NoMappings implements MappingsSource {
    @Override
    public void loadMappingsInto(StubMappings stubMappings) {
        // stubs are registered in code only
    }

    @Override
    public void save(List<StubMapping> stubMappings) {}

    @Override
    public void save(StubMapping stubMapping) {}

    @Override
    public void remove(StubMapping stubMapping) {}

    @Override
    public void remove(UUID stubMappingId) {}

    @Override
    public void removeAll() {}
}
