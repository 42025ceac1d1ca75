package io.labcheck.cloud.conformance;

import io.labcheck.junit.LabCloud;

import org.junit.jupiter.api.DisplayName;

@DisplayName("EC2 conformance: embedded")
@LabCloud(provider = "embedded")
class EmbeddedConformanceTest extends Ec2ConformanceSuite {}
